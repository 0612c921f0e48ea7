// The paper's published ablation numbers, quoted as data so the lab's results sit next to them:
// PersonaMem accuracy of each credit-assignment variant (Qwen2.5 backbones) at 32K, 128K and 1M.

import type { ComparedMode } from './plan';

export const PAPER_SOURCE = Object.freeze({
  citation: 'Mao et al., "Collaborative Multi-Agent Optimization for Personalized Memory System", arXiv 2603.12631 (v1, March 2026), Table 4 / Fig. 5',
  summary: '../shared/docs/METHOD.md, "What the paper reports": ablations (Qwen, 32K/128K/1M)',
  setting: 'PersonaMem accuracy; Qwen2.5-3B extractor and profiler, Qwen2.5-7B retriever',
});

export interface PaperAblation {
  /** The lab's credit mode this row corresponds to; null for "no training". */
  mode: ComparedMode | null;
  label: string;
  k32: number;
  k128: number;
  m1: number;
}

/** Quoted from METHOD.md: "local reward only .57/.65/.61; global only .60/.64/.60; equal share .62/.65/.63; adaptive .64/.70/.66; independent RL .57/.61/.59; no training .50/.46/.44". */
export const PAPER_ABLATIONS: readonly PaperAblation[] = Object.freeze([
  { mode: 'adaptive', label: 'adaptive (CoMAM)', k32: 0.64, k128: 0.7, m1: 0.66 },
  { mode: 'local', label: 'local reward only', k32: 0.57, k128: 0.65, m1: 0.61 },
  { mode: 'global', label: 'global reward only', k32: 0.6, k128: 0.64, m1: 0.6 },
  { mode: 'equal', label: 'equal share', k32: 0.62, k128: 0.65, m1: 0.63 },
  { mode: 'independent', label: 'independent RL', k32: 0.57, k128: 0.61, m1: 0.59 },
  { mode: null, label: 'no training', k32: 0.5, k128: 0.46, m1: 0.44 },
]);

export function paperFor(mode: ComparedMode): PaperAblation | undefined {
  return PAPER_ABLATIONS.find((p) => p.mode === mode);
}
