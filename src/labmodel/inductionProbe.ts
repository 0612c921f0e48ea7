// The induction probe's data and score: does a lab model copy from its context? Copy documents
// ("remember: … \nrepeat: …") whose repeat is scored, so a loss near 0 means it copies and a loss near the
// log of the word count means it only learned which words exist.

import { type TrainingExample } from './examples';
import { ENDOFTEXT_ID } from './tokenizerFiles';
import type { TinyLlama } from './tinyLlama';

export const REPEAT_MARKER = '\nrepeat:';

/** One copy document as an example whose loss covers only the tokens after "repeat:". */
export function repeatExample(text: string, encode: (s: string) => number[]): TrainingExample {
  const at = text.indexOf(REPEAT_MARKER);
  if (at < 0) throw new Error(`not a copy document (no "repeat:"): ${JSON.stringify(text.slice(0, 60))}`);
  const prefix = encode(text.slice(0, at + REPEAT_MARKER.length)).length + 1;
  const all = [ENDOFTEXT_ID, ...encode(text)];
  return { ids: all.slice(0, -1), targets: all.slice(1), weights: all.slice(1).map((_, i) => (i + 1 >= prefix ? 1 : 0)) };
}

/** Mean loss per scored token over the examples (no gradients). */
export function copyLoss(model: TinyLlama, examples: readonly TrainingExample[]): number {
  let loss = 0;
  let weight = 0;
  for (const x of examples) {
    loss += model.lossAndGrad(x.ids, x.targets, x.weights, 1);
    weight += x.weights.reduce((a, b) => a + b, 0);
  }
  return loss / weight;
}
