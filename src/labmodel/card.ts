// The model card (README.md) of the bundled lab model: data, size, training settings, held-out
// evaluation with the no-memory floor and the teachers, intended use and limits. Only deterministic numbers.

import { AGENT_NAMES } from '../agents/registry';
import { QUESTION_TYPES } from '../env/types';
import type { TeacherStyle } from '../agents/teachers';
import type { BuildReport } from './build';
import { EVAL_SEED_BASE, TRAIN_SEED_BASE, labSessionCounts, labWorldShape } from './corpus';
import type { Tally } from './evaluate';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ordinal = (n: number) => (n === 1 ? '' : n === 2 ? '2nd ' : n === 3 ? '3rd ' : `${n}th `);
const rate = (t: Tally | undefined) => (t && t.n > 0 ? `${pct(t.correct / t.n)} (${t.correct}/${t.n})` : '—');

/** One sentence on whether the untrained team is where the lab wants it: parseable, above chance, below the ceiling. */
export function verdict(e: BuildReport['evaluation']): string {
  const acc = e.accuracy.n > 0 ? e.accuracy.correct / e.accuracy.n : 0;
  const parses = AGENT_NAMES.every((n) => e.formatValidity[n] >= 0.9);
  const parts = [parses ? 'Every agent parses at least 90% of the time.' : 'Not every agent parses 90% of the time.'];
  const constant = e.constantLetter.accuracy.n > 0 ? e.constantLetter.accuracy.correct / e.constantLetter.accuracy.n : 0.25;
  if (acc >= 0.33 && acc >= constant + 0.05) parts.push(`The team answers at ${pct(acc)}, well above the 25% of chance and below the ceiling, leaving room for GRPO.`);
  else if (acc > 0.25) parts.push(`The team answers at ${pct(acc)}, above the 25% of chance but not well above it or above always answering ${e.constantLetter.letter} (${pct(constant)}) (extraction coverage ${pct(e.extractionCoverage)}), so the accuracy target of the issue (well above chance) is not met.`);
  else parts.push(`The team answers at ${pct(acc)}, not above the 25% of chance: this build learned the three output formats but not yet to copy the right turns (extraction coverage ${pct(e.extractionCoverage)}), so the accuracy target is not met.`);
  return parts.join(' ');
}

/** The warm-start data line; the loss-weight sentence appears only when the recipe moves a weight off its neutral value. */
function warmStartLine(r: BuildReport): string {
  const { sftExamples: n, recipe } = r;
  const neutral = recipe.promptWeight === 0 && recipe.answerWeight === 1 && recipe.profilerEvery === 1 && recipe.evidenceWeight === undefined;
  const counts = `${n.extractor} extractor, ${n.profiler} profiler${recipe.profilerEvery > 1 ? ` (every ${ordinal(recipe.profilerEvery)}demonstration)` : ''}, ${n.retriever} retriever sequences (${n.skipped} longer than ${recipe.maxSequence} tokens skipped).`;
  const head = "- Warm start: teacher demonstrations in the agents' exact prompt formats (src/agents/*/prompt.ts) wrapped in the chat template";
  if (neutral) return `${head}, loss on the completion only: ${counts}`;
  const emphasis = recipe.evidenceWeight === undefined ? `the Retriever's answer letter ${recipe.answerWeight}` : `the Retriever's first evidence note ${recipe.evidenceWeight}`;
  return `${head}: ${counts} Loss weights: completion tokens 1, ${emphasis}, the prompt's own tokens ${recipe.promptWeight} (the prompts' profile sections copy memory lines, so the model also practises copying).`;
}

/** Where the teachers are and how the Extractor teacher keeps turns; the committed cards' words (and old path) for the mixed teachers. */
function teachersLine(style: TeacherStyle | undefined): string {
  if (style === undefined || style.extractor === 'mixed') return 'src/labmodel/teachers.ts): the extractor keeps every user turn (and some assistant turns) or drops about half of them at random';
  return `src/agents/teachers.ts, styles extractor "${style.extractor}", retriever "${style.retrieverOrder}"): the extractor keeps every user turn that is not a question (and some questions and assistant turns)`;
}

export function renderModelCard(r: BuildReport, recordedBuildTime?: string): string {
  const m = r.recipe.model;
  const e = r.evaluation;
  const stage = (s: BuildReport['stages'][number]) =>
    `| ${s.name} | ${s.steps} | ${s.tokensSeen.toLocaleString('en-US')} | ${s.firstLoss.toFixed(3)} | ${s.lastLoss.toFixed(3)} |`;
  const textAnswers = r.recipe.answerFormat === 'text';
  const W = labWorldShape(r.recipe.world);
  const sessions = labSessionCounts(r.recipe.world);
  const lesson = W.style === 'lesson';
  const worlds = lesson ? 'lesson' : 'persona';
  const copies = (r.recipe.copyDocs ?? 0) + (r.recipe.lineCopies ?? 0);
  const st = r.recipe.pretrain;
  const ws = r.recipe.warmStart;
  return [
    `# ${r.recipe.name}`,
    '',
    `A tiny Llama-architecture causal LM trained from scratch by \`npm run build:lab-model\` on synthetic ${worlds} worlds, so the`,
    'CoMAM lab runs offline on any machine and a class can watch GRPO improve its three agents within a lesson.',
    '',
    '## Model',
    '',
    `- Architecture: \`LlamaForCausalLM\`, ${m.layers} layers, hidden ${m.hidden}, ${m.heads} heads (head dim ${m.hidden / m.heads}), SwiGLU ${m.intermediate}, RMSNorm, RoPE θ ${m.ropeTheta}, tied embeddings, context ${m.maxPositions}.`,
    ...(r.recipe.inductionInit
      ? [`- Initialisation: a copying circuit (previous-token heads in layer 0${r.recipe.inductionInit.context ? ', and heads that read the tokens further back so that the match spans two or three tokens' : ''}, induction heads in layer 1) written into the seeded random weights (src/labmodel/inductionInit.ts: ${JSON.stringify(r.recipe.inductionInit)}), so the model copies from its context before training; ordinary Llama weights.`]
      : []),
    `- Parameters: ${r.parameters.toLocaleString('en-US')} (float32 safetensors).`,
    `- Tokenizer: byte-level BPE (${m.vocabSize} ids, digits split) trained on the same corpus; special tokens \`<|endoftext|>\` (0), \`<|im_start|>\` (1), \`<|im_end|>\` (2 = eos); ChatML chat template.`,
    '',
    '## Data',
    '',
    `- ${r.recipe.trainWorlds} synthetic worlds (src/env/${lesson ? 'lessonGenerator' : 'generator'}.ts), seeds ${TRAIN_SEED_BASE}–${TRAIN_SEED_BASE + r.recipe.trainWorlds - 1}, each ${W.personas} personas × ${sessions.length === 1 ? sessions[0] : `${sessions.slice(0, -1).join(', ')} or ${String(sessions.at(-1))} (in turn by seed)`} sessions × ${W.turnsPerSession} turns, distractor ratio ${W.distractorRatio}, ${W.topicsPerPersona} topics, ${W.questionsPerType} questions per type${W.restate === true ? ', each change note after a restatement of the preference it replaces (WorldConfig.restate)' : ''}.`,
    `- Language modelling: every session as \`role: text\` lines${copies > 0 ? `, interleaved with ${copies} copy documents (${r.recipe.copyDocs ?? 0} runs of random corpus words and ${r.recipe.lineCopies ?? 0} sessions' user lines, each followed by "repeat:" and the same text)` : ''}, ${r.lmExamples} windows of ${r.recipe.lmWindow} tokens.`,
    warmStartLine(r),
     `- The teachers are deliberately imperfect and independent (${teachersLine(r.recipe.teachers)}; the profiler files the notes it was given under three headings by keywords${r.recipe.teachers?.profiler === 'varied' ? ', 1–4 notes per heading, 6, 10 or 16 words each, "nothing noted" under an empty heading or not, drawn per demonstration' : ''}; the retriever copies the two notes sharing most words with the question and options${r.recipe.teachers?.retrieverOrder === 'best-first' ? ', the best first (ties: the later note),' : ''} and ${
      textAnswers
        ? 'answers by copying whole the first of its notes that maps to the option sharing most words with them (the text answer format; src/agents/retriever/answer.ts maps it back to an option)'
        : 'answers the option sharing most words with them'
    } (ties, including no overlap at all, broken at random, so its ${textAnswers ? 'choices' : 'letters'} carry no position bias).`,
    '',
    '## Training',
    '',
    `Full-parameter training in plain TypeScript (src/labmodel/tinyLlama.ts: hand-written forward and backward, ${r.recipe.workers > 1 ? `each batch split over ${r.recipe.workers} worker threads (src/labmodel/gradPool.ts) whose gradients are summed in a fixed order` : 'single-threaded'}, seeded), AdamW (β ${st.adam.beta1}/${st.adam.beta2}, weight decay ${st.adam.weightDecay}, clip ${st.adam.clipNorm}), linear warmup then cosine to ${st.adam.minLrRatio}× peak.`,
    '',
    '| stage | steps | tokens | loss (first 10%) | loss (last 10%) |',
    '| --- | --- | --- | --- | --- |',
    ...r.stages.map(stage),
    '',
    `Pretraining: batch ${st.batchSize} windows, peak lr ${st.adam.peakLr}. Warm start: batch ${ws.batchSize} sequences, peak lr ${ws.adam.peakLr}.`,
    recordedBuildTime ? `Build time (whole \`npm run build:lab-model\`, including evaluation): ${recordedBuildTime}.` : 'Build time: not recorded for this build.',
    '',
    '## Evaluation (held-out worlds)',
    '',
    `${e.questions} questions from ${e.evalSeeds.length} worlds with seeds ${EVAL_SEED_BASE}–${EVAL_SEED_BASE + e.evalSeeds.length - 1} (disjoint from training), spread over the ${lesson ? 'five lesson' : 'seven'} question types; the Extractor reads the question's evidence session (historyFor 'train' mode); greedy decoding, at most 96 new tokens per agent, the untrained team (no adapters) through Engine + sampleTeam on the tfjs cpu backend.`,
    '',
    '| measure | value |',
    '| --- | --- |',
    ...AGENT_NAMES.map((n) => `| ${n} output parses (formatOk) | ${pct(e.formatValidity[n])} |`),
    `| extraction coverage of gold evidence | ${pct(e.extractionCoverage)} |`,
    `| retrieval precision | ${pct(e.retrievalPrecision)} |`,
    `| answer accuracy (team) | ${rate(e.accuracy)} |`,
    `| answer accuracy, no memory (question only) | ${rate(e.noMemory.accuracy)} |`,
    `| retriever parses with no memory | ${pct(e.noMemory.formatValidity)} |`,
    `| answer accuracy of the teachers | ${rate(e.teacher.accuracy)} |`,
    '| chance | 25% |',
    `| always answering ${e.constantLetter.letter}, the most common correct letter here | ${rate(e.constantLetter.accuracy)} |`,
    '',
    '| question type | team | no memory | teachers |',
    '| --- | --- | --- | --- |',
    ...QUESTION_TYPES.map((t) => `| ${t} | ${rate(e.byType[t])} | ${rate(e.noMemory.byType[t])} | ${rate(e.teacher.byType[t])} |`),
    '',
    'The ceiling is 100%: every synthetic question has one correct option supported by the evidence turns.',
    '',
    verdict(e),
    '',
    '### Example held-out rollout',
    '',
    ...e.samples.slice(0, 1).flatMap((s) => [
      `Question: ${s.question} (correct ${s.correct})`,
      '',
      '```text',
      `[extractor]\n${s.extractor}\n[profiler]\n${s.profiler}\n[retriever]\n${s.retriever}`,
      '```',
    ]),
    '',
    '## Intended use',
    '',
    'The default base model of the lab: three LoRA adapters over it (one per agent) are trained with GRPO and adaptive credit on',
    `synthetic ${worlds} worlds, in the browser (WebGPU or wasm) or the Node CLI. It is a teaching instrument, not an assistant.`,
    '',
    '## Limits',
    '',
    '- It knows only the synthetic worlds\' vocabulary and the three prompt formats; anything else produces fluent-looking nonsense.',
    '- Sequences longer than the context above are out of distribution; long histories must be cut (the rollout\'s maxPromptTokens).',
    '- It imitates weak teachers: it copies lines rather than reasoning, and confuses old and new preferences. That headroom is the point.',
    '- Determinism: the same recipe on the same machine gives byte-identical files; other CPUs or Node versions may differ in the last float bits.',
    '',
  ].join('\n');
}
