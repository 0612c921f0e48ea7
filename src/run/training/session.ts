// One training run's live state: the three adapters and their optimizers, the sampling RNG, the data
// cursor and the steps completed. Its step is grpoStep.ts, its cold start coldStart.ts, its checkpoint
// state checkpointState.ts; the rows a step returns are records.ts's.

import { AGENT_NAMES, perAgent, type PerAgent } from '../../agents/names';
import { parseTargets } from '../../model/lora';
import { Rng } from '../../model/rng';
import type { OptimSetup } from '../../rl/optim/optimSetup';
import type { ProgressFn } from '../../protocol/progress';
import { AdamW, ADAMW_DEFAULTS } from '../../rl/optim/adamw';
import { captureState, restoreState, type LiveState, type SessionState } from './checkpointState';
import { coldStartAdapters, type ColdStartReport } from './coldStart';
import type { DataCursor } from './dataOrder';
import { TrainerSetupError } from '../../rl/trainerErrors';
import { grpoStep, optimSettings, type StepInput, type StepOutput } from './grpoStep';
import { problemsOf, type Problem } from '../../rl/problem';

/** The adapter name of each agent inside the engine (tfjs variable names are global, so a second session in one process takes a prefix). */
export function adapterNames(prefix = ''): PerAgent<string> {
  return perAgent((n) => `${prefix}${n}`);
}

/** What a session is built from: a step's model, data, judge, setup and fault hooks (grpoStep.ts StepInput). */
export interface SessionDeps extends Pick<StepInput, 'engine' | 'codec' | 'dataset' | 'judge' | 'setup' | 'hooks'> {
  /** Prefix of the engine's adapter names (default none: "extractor", "profiler", "retriever"). */
  adapterPrefix?: string;
}

export class TrainingSession {
  private readonly optimizers: PerAgent<AdamW>;
  private readonly rng: Rng;
  private cursor: DataCursor = { epoch: 0, offset: 0 };
  private completed = 0;
  private readonly problem: (id: string) => Problem;
  readonly adapters: PerAgent<string>;

  constructor(private readonly deps: SessionDeps) {
    const { engine, setup, dataset } = deps;
    if (dataset.split.train.length === 0) throw new TrainerSetupError(`Dataset "${dataset.id}" has no training questions; generate a bigger world or change the split.`, { field: 'dataset' });
    this.adapters = adapterNames(deps.adapterPrefix);
    const spec = { rank: setup.lora.r, alpha: setup.lora.alpha, targets: parseTargets(setup.lora.targets) };
    AGENT_NAMES.forEach((n, k) => engine.createAdapter(this.adapters[n], spec, (setup.seed * 31 + k + 1) >>> 0));
    const o = this.optim;
    this.optimizers = perAgent((n) => new AdamW(engine.adapter(this.adapters[n]).variables(), { ...ADAMW_DEFAULTS, weightDecay: o.weight_decay }));
    this.rng = new Rng(setup.seed);
    const problems = problemsOf(dataset);
    this.problem = (id) => problems(id, 'train');
  }

  get step(): number {
    return this.completed;
  }

  /**
   * Cold-start SFT (setup.coldStart) of the three adapters before step 1 (coldStart.ts): each agent's
   * per-step losses and one note per agent; nothing when the setup has none.
   */
  coldStart(progress: ProgressFn = () => undefined): Promise<ColdStartReport> {
    const { engine, codec, dataset, setup } = this.deps;
    return coldStartAdapters({ engine, codec, dataset, setup, adapters: this.adapters, problem: this.problem }, progress);
  }

  get optim(): OptimSetup {
    return optimSettings(this.deps.setup);
  }

  /** Run one step (grpoStep.ts) and advance past it; a step that throws leaves the position where it was. */
  async runStep(progress: ProgressFn = () => undefined): Promise<StepOutput> {
    const input: StepInput = { ...this.deps, adapters: this.adapters, optimizers: this.optimizers, rng: this.rng, problem: this.problem };
    const { cursor, ...out } = await grpoStep(input, { completed: this.completed, cursor: this.cursor }, progress);
    this.cursor = cursor;
    this.completed = out.metrics.step;
    return out;
  }

  private get live(): LiveState {
    return { engine: this.deps.engine, adapters: this.adapters, optimizers: this.optimizers, rng: this.rng };
  }

  /** The state a checkpoint stores. */
  state(): Promise<SessionState> {
    return captureState(this.live, this.completed, this.cursor);
  }

  /** Put the session back exactly as `state` was taken. */
  restore(state: SessionState): void {
    restoreState(this.live, state);
    this.cursor = { ...state.cursor };
    this.completed = state.step;
  }

  dispose(): void {
    for (const n of AGENT_NAMES) this.optimizers[n].dispose();
  }
}
