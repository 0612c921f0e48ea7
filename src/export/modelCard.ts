// The README.md model card of an adapter archive: base model, dataset, settings, steps and final
// metrics of the run, plus how to load the folders with PEFT. Plain text from plain records.

import { AGENT_NAMES, type AgentName } from '../agents/names';
import type { DatasetRef } from '../env/datasetRef';
import { hasOneLearningRate } from '../rl/config';
import type { ModelRef } from '../model/modelRef';
import type { RunSetup } from '../run/runSetup';
import type { StepMetrics } from '../run/records';
import type { RunRecord } from '../run/runStore';

const TITLES: Record<AgentName, string> = { extractor: 'Extractor (history → fine-grained memory lines)', profiler: 'Profiler (memory → user profile)', retriever: 'Retriever (memory + profile + question → answer)' };

function modelText(m: ModelRef): string {
  switch (m.kind) {
    case 'bundled':
      return `the lab's bundled model \`bundled:${m.name}\``;
    case 'hub':
      return `[\`${m.repo}\`](https://huggingface.co/${m.repo}) at revision \`${m.revision}\``;
    case 'folder':
      return `a local model folder \`${m.name}\``;
  }
}

function datasetText(d: DatasetRef): string {
  if (d.kind === 'stored') return `stored dataset \`${d.id}\` (imported into the lab)`;
  return `synthetic ${d.style ?? 'persona'} world, seed ${d.seed}: ${d.personas} personas × ${d.sessionsPerPersona} sessions × ${d.turnsPerSession} turns, distractor ratio ${d.distractorRatio}`;
}

const num = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1e-3 || x === 0 ? String(Number(x.toPrecision(4))) : x.toExponential(3)) : String(x));

function settingsRows(s: RunSetup): [string, string][] {
  const rl = s.rl;
  return [
    ['credit_mode', rl.credit_mode + (rl.credit_mode === 'independent' ? ` (agent: ${rl.independent_agent})` : '')],
    ['num_generations (G)', String(rl.num_generations)],
    ['learning_rate', num(rl.learning_rate) + (hasOneLearningRate(rl) ? '' : ` (${AGENT_NAMES.map((a) => `${a} ×${num(rl.learning_rate_scale[a])}`).join(', ')})`)],
    ['beta (KL)', num(rl.beta)],
    ['epsilon / epsilon_high', `${num(rl.epsilon)} / ${rl.epsilon_high === null ? 'same' : num(rl.epsilon_high)}`],
    ['loss_type', rl.loss_type],
    ['scale_rewards', String(rl.scale_rewards)],
    ['temperature / top_p', `${num(rl.temperature)} / ${num(rl.top_p)}`],
    ['max_completion_length', String(rl.max_completion_length)],
    ['credit_temperature', num(rl.credit_temperature)],
    ['LoRA r / lora_alpha', `${s.lora.r} / ${s.lora.alpha}`],
    ['target_modules', s.lora.targets.join(', ')],
    ['questions per step', String(s.questionsPerStep)],
    ['planned steps', s.steps === 0 ? 'until stopped' : String(s.steps)],
    ['precision of the base', s.precision],
    ['profile judge', s.judge.kind === 'webllm' ? `WebLLM ${s.judge.modelId}` : s.judge.kind],
    ['seed', String(s.seed)],
  ];
}

function metricRows(m: StepMetrics): [string, string][] {
  const agents: AgentName[] = ['extractor', 'profiler', 'retriever'];
  return [
    ['accuracy (global reward, mean over the step)', num(m.global.mean)],
    ...agents.map((a): [string, string] => [`${a}: local reward / credit weight / loss`, `${num(m.local[a].mean)} / ${num(m.weights[a])} / ${num(m.loss[a])}`]),
    ['zero-spread fraction', num(m.zeroSpreadFraction)],
  ];
}

/** How to load the base and one adapter with PEFT; a bundled base is the Hugging Face folder the export names. */
function peftUsage(run: RunRecord, agent: AgentName): string[] {
  const m = run.setup.model;
  const base = run.baseModel;
  const where =
    m.kind === 'bundled'
      ? [
          `The base is the lab's bundled model, a Hugging Face folder (config.json, model.safetensors, tokenizer files) at \`${base}/\``,
          'in the comam-lab repository (the lab serves the same files at `/models/' + m.name + '/`). The code below runs from the',
          "repository root; elsewhere put that folder's path. `adapter_config.json` names the base by the same path, so",
          `\`AutoPeftModelForCausalLM.from_pretrained("${agent}")\` run from the repository root loads both.`,
          '',
        ]
      : m.kind === 'folder'
        ? [`The base is the model folder \`${m.name}\` picked in the lab: put that folder's path below.`, '']
        : [];
  return [
    ...where,
    '```python',
    'from peft import PeftModel',
    'from transformers import AutoModelForCausalLM, AutoTokenizer',
    `base = AutoModelForCausalLM.from_pretrained("${base}")`,
    `tokenizer = AutoTokenizer.from_pretrained("${base}")`,
    `model = PeftModel.from_pretrained(base, "${agent}")`,
    '```',
  ];
}

const table = (head: [string, string], rows: [string, string][]) => [`| ${head[0]} | ${head[1]} |`, '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n');

/** The model card for the agents in an archive; `last` is the run's last step's metrics (absent before any step). */
export function modelCard(run: RunRecord, agents: readonly AgentName[], adapterStep: number, last: StepMetrics | undefined): string {
  const s = run.setup;
  const lines = [
    '---',
    `base_model: ${run.baseModel}`,
    'library_name: peft',
    'tags: [lora, grpo, comam, comam-lab]',
    '---',
    '',
    `# comam-lab adapters of run \`${run.id}\``,
    '',
    'LoRA adapters of the CoMAM memory agents, trained jointly with GRPO and adaptive credit assignment in',
    'comam-lab, one adapter per agent over one frozen base model. Each folder is a PEFT adapter',
    '(`adapter_config.json` + `adapter_model.safetensors`); `run_config.json` holds the whole run setup.',
    '',
    '## Adapters',
    ...agents.map((a) => `- \`${a}/\`: ${TITLES[a]}`),
    '',
    '## Base model',
    `\`${run.baseModel}\`: ${modelText(s.model)}, weights at ${s.precision}.`,
    '',
    '## Dataset',
    datasetText(s.dataset),
    '',
    '## Settings',
    table(['setting', 'value'], settingsRows(s)),
    '',
    '## Training',
    `Steps stored: ${run.step}. Adapters from step ${adapterStep} (the last checkpoint). Run status: ${run.status}.`,
    '',
    '## Final metrics',
    last ? `At step ${last.step}:\n\n${table(['metric', 'value'], metricRows(last))}` : 'No step was recorded.',
    '',
    '## Use with PEFT',
    ...peftUsage(run, agents[0] ?? 'extractor'),
    '',
  ];
  return lines.join('\n');
}
