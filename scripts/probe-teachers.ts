// `npm run probe:teachers`: the rule-based teachers (agents/teachers.ts) on the bench's lesson validation
// split (seeds 1–3, evidence-session histories), on the lesson world as it is and on the same preset with
// WorldConfig.restate (the replaced preference restated, "for music, i like techno now.", before each
// change note whose topic was stated in an earlier session): do the evidence sessions of a restated world
// make well-formed answers that can be wrong? Prints per seed, world and teacher style: questions,
// questions whose evidence session holds a restatement, answers right, mapped, mapped wrong. A few
// seconds; no model.
import { buildSetup } from '../src/run/runConfig';
import { presetWorldRef } from '../src/rl/syntheticWorld';
import { loadNodeDataset } from '../src/cli/nodeModel';
import { historyMode } from '../src/env/mdp';
import { problemsOf } from '../src/rl/problem';
import { MIXED_TEACHERS, teacherAnswerNote, teachQuestion, type TeacherStyle } from '../src/agents/teachers';
import { mapAnswerText } from '../src/agents/retriever/answer';
import { Rng } from '../src/model/rng';

const STYLES: readonly TeacherStyle[] = [MIXED_TEACHERS, { extractor: 'statements', retrieverOrder: 'best-first' }];

/** A user turn that restates a preference ("for music, i like techno now.") in the same session as a change note of that topic. */
const restates = (history: readonly { role: string; content: string }[], topic: string) =>
  history.some((t) => t.role === 'user' && t.content.startsWith(`for ${topic}, i like `)) && history.some((t) => t.content.startsWith(`for ${topic}, i switched`));

for (const seed of [1, 2, 3]) {
  for (const restate of [false, true]) {
    const setup = buildSetup({ steps: 0, maxPromptTokens: 512, dataset: presetWorldRef('lesson', seed) }, { preset: 'classroom', seed, world: 'lesson' });
    const dataset = loadNodeDataset(setup.dataset.kind === 'synthetic' && restate ? { ...setup.dataset, restate } : setup.dataset);
    const problem = problemsOf(dataset);
    const items = dataset.split.val.map((id) => problem(id, historyMode('evidence')));
    for (const style of STYLES) {
      const rng = new Rng(seed);
      const c = { n: 0, restated: 0, right: 0, maps: 0, wrongMapped: 0 };
      for (const { question: q, history } of items) {
        c.n += 1;
        if (restates(history, q.topic ?? '')) c.restated += 1;
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
