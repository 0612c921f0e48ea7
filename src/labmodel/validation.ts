// The bundled model's validation sequences: teacher demonstrations on a held-out world (seeds disjoint
// from training), each the agent prompt in the chat template followed by the teacher's completion.

import type { LabTokenizer } from '../model/tokenizer';
import { tokenizerCodec } from '../rl/codec';
import { demonstrations, evalWorld } from './corpus';

/**
 * `count` sequences from evaluation world `world` (agents in turn: extractor, profiler, retriever, …),
 * each cut to `maxLength` tokens (the model's positions). Token ids only; deterministic.
 */
export function validationSequences(tokenizer: LabTokenizer, count: number, maxLength: number, world = 0): number[][] {
  const codec = tokenizerCodec(tokenizer);
  const eos = tokenizer.eosTokenIds[0];
  return demonstrations(evalWorld(world), 1)
    .slice(0, count)
    .map((d) => [...codec.encode(d.prompt), ...tokenizer.encode(d.completion, { addSpecialTokens: false }), ...(eos === undefined ? [] : [eos])].slice(0, maxLength));
}
