// `npm run probe:teachers`: the rule-based teachers (agents/teachers.ts) on the bench's lesson validation
// split (seeds 1–3, evidence-session histories) as they are, and with the superseded preference restated
// ("for music, i like techno now.") just before each change note whose topic was stated in an earlier
// session: would a lesson whose evidence sessions hold the old note make well-formed answers that can be
// wrong? Prints per seed, history and teacher style: questions, notes restated, answers right, mapped,
// mapped wrong. A few seconds; no model.
import { buildSetup } from '../src/run/runConfig';
import { loadNodeDataset } from '../src/cli/nodeModel';
import { historyMode } from '../src/env/mdp';
import type { Question, Turn } from '../src/env/types';
import { problemsOf } from '../src/rl/problem';
import { MIXED_TEACHERS, teacherAnswerNote, teachQuestion, type TeacherStyle } from '../src/agents/teachers';
import { mapAnswerText } from '../src/agents/retriever/answer';
import { Rng } from '../src/model/rng';

const STYLES: readonly TeacherStyle[] = [MIXED_TEACHERS, { extractor: 'statements', retrieverOrder: 'best-first' }];

/** The evidence session with the topic's previous statement restated before its change note, or null when there is none to restate. */
function restated(history: readonly Turn[], earlier: readonly Turn[], gold: string, topic: string): Turn[] | null {
  const at = history.findIndex((t) => t.content === gold);
  const prev = earlier.filter((t) => t.role === 'user' && t.content.startsWith(`for ${topic},`) && !history.some((h) => h.id === t.id)).at(-1);
  if (at < 0 || !prev || !gold.startsWith(`for ${topic}, i switched`)) return null;
  const value = /i like (.+) now\./.exec(prev.content)?.[1] ?? /i switched to (.+) because/.exec(prev.content)?.[1];
  return value === undefined ? null : [...history.slice(0, at), { ...prev, content: `for ${topic}, i like ${value} now.` }, ...history.slice(at)];
}

for (const seed of [1, 2, 3]) {
  const setup = buildSetup({ steps: 0, maxPromptTokens: 512 }, { preset: 'classroom', seed, world: 'lesson' });
  const dataset = loadNodeDataset(setup.dataset);
  const problem = problemsOf(dataset);
  const items = dataset.split.val.map((id) => {
    const ev = problem(id, historyMode('evidence'));
    const full = problem(id, historyMode('full'));
    return { question: ev.question, asIs: ev.history, restated: restated(ev.history, full.history, ev.gold.evidence[0] ?? '', ev.question.topic ?? '') };
  });
  for (const restate of [false, true]) {
    for (const style of STYLES) {
      const rng = new Rng(seed);
      const c = { n: 0, restated: 0, right: 0, maps: 0, wrongMapped: 0 };
      for (const item of items) {
        const q: Question = item.question;
        const history = (restate ? item.restated : null) ?? item.asIs;
        if (history !== item.asIs) c.restated += 1;
        c.n += 1;
        const r = teachQuestion(history, q.query, q.options, rng, style);
        const m = mapAnswerText(teacherAnswerNote(q.options, r.choice, r.information), q.options);
        if (m.chosen !== null) c.maps += 1;
        if (m.chosen === q.correct) c.right += 1;
        else if (m.chosen !== null) c.wrongMapped += 1;
      }
      process.stdout.write(`seed ${seed} ${restate ? 'restated' : 'as is   '} extractor ${style.extractor.padEnd(10)} retriever ${style.retrieverOrder.padEnd(10)}: ${JSON.stringify(c)}\n`);
    }
  }
}
