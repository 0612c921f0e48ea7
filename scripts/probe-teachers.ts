// `npm run probe:teachers`: the rule-based teachers (agents/teachers.ts) on the bench's lesson validation
// split (seeds 1–3, evidence-session histories) as they are, and with the superseded preference restated
// ("for music, i like techno now.") just before each change note whose topic was stated in an earlier
// session: would a lesson whose evidence sessions hold the old note make well-formed answers that can be
// wrong? Prints per teacher style and seed: questions, notes restated, answers right, mapped, mapped wrong.
// A few seconds; no model.
import { buildSetup } from '../src/run/runConfig';
import { loadNodeDataset } from '../src/cli/nodeModel';
import { historyMode } from '../src/env/mdp';
import { problemsOf } from '../src/rl/problem';
import { teachExtractor, teachRetriever, teacherAnswerNote, type TeacherStyle } from '../src/agents/teachers';
import { mapAnswerText } from '../src/agents/retriever/answer';
import { Rng } from '../src/model/rng';
const styles: TeacherStyle[] = [{ extractor: 'mixed', retrieverOrder: 'memory' }, { extractor: 'statements', retrieverOrder: 'best-first' }];
for (const restate of [false, true]) for (const style of styles) for (const seed of [1, 2, 3]) {
  const setup = buildSetup({ steps: 0, maxPromptTokens: 512 }, { preset: 'classroom', seed, world: 'lesson' });
  const dataset = loadNodeDataset(setup.dataset);
  const problem = problemsOf(dataset);
  const rng = new Rng(seed);
  const c = { n: 0, restated: 0, right: 0, maps: 0, wrongMapped: 0 };
  for (const id of dataset.split.val) {
    const ev = problem(id, historyMode('evidence'));
    const full = problem(id, historyMode('full'));
    const q = ev.question;
    const k = q.topic ?? '';
    const history = [...ev.history];
    const gold = ev.gold.evidence[0] ?? '';
    const at = history.findIndex((t) => t.content === gold);
    const before = full.history.filter((t) => t.role === 'user' && t.content.startsWith(`for ${k},`) && !history.some((h) => h.id === t.id));
    const prev = before[before.length - 1];
    if (restate && at >= 0 && prev && gold.startsWith(`for ${k}, i switched`)) {
      const value = /i like (.+) now\./.exec(prev.content)?.[1] ?? /i switched to (.+) because/.exec(prev.content)?.[1];
      if (value) { history.splice(at, 0, { ...prev, content: `for ${k}, i like ${value} now.` }); c.restated++; }
    }
    c.n++;
    const mem = teachExtractor(history, rng, style.extractor);
    const r = teachRetriever(mem, q.query, q.options, rng.next(), style.retrieverOrder);
    const m = mapAnswerText(teacherAnswerNote(q.options, r.choice, r.information), q.options);
    if (m.chosen !== null) c.maps++;
    if (m.chosen === q.correct) c.right++;
    else if (m.chosen !== null) c.wrongMapped++;
  }
  process.stdout.write(`${restate ? 'restated' : 'as is   '} extractor ${style.extractor.padEnd(10)} retriever ${style.retrieverOrder.padEnd(10)} seed ${seed}: ${JSON.stringify(c)}\n`);
}
