// The progress phases the run bar shows, titled for the backend that runs them: only WebGPU compiles
// shaders; on WebAssembly or the CPU the same phase is the backend's start and a warm-up pass.

import type { BackendName } from '../../model/backendInfo';
import type { Phase } from '../../protocol/progress';

const TITLES: Record<Phase, string> = {
  download: 'Model download',
  'load-weights': 'Weight upload',
  compile: 'Shader compilation',
  'cold-start': 'Cold-start SFT',
  sample: 'Sampling',
  score: 'Scoring',
  update: 'Update',
  checkpoint: 'Checkpoint',
  eval: 'Evaluation',
};

/** Phases in the order a run goes through them. */
export const PHASE_ORDER = Object.freeze(Object.keys(TITLES) as Phase[]);

/**
 * A phase's title on `backend` (undefined while the page's probe has not answered).
 * Example: ('compile', 'wasm') → "Backend start"; ('compile', 'webgpu') → "Shader compilation".
 */
export function phaseTitle(phase: Phase, backend: BackendName | undefined): string {
  if (phase === 'compile' && backend !== 'webgpu') return 'Backend start';
  if (phase === 'load-weights' && backend !== 'webgpu') return 'Weight loading';
  return TITLES[phase];
}
