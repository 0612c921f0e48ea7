// tfjs-core ships no gradient functions; training registers them once, on demand (a dynamic import,
// so scoring and generation never load them). In plain Node this needs bin/register-loaders.mjs.

import { BackendUnavailableError } from '../protocol/errors';

let loading: Promise<void> | undefined;

/** Register every tfjs-core gradient; call (and await) before tf.grad / tf.variableGrads / optimizers. */
export function enableGradients(): Promise<void> {
  loading ??= import('@tensorflow/tfjs-core/dist/register_all_gradients').then(
    () => undefined,
    (err: unknown) => {
      loading = undefined;
      throw new BackendUnavailableError(
        `tfjs gradient functions could not be loaded here (${err instanceof Error ? err.message : String(err)}). ` +
          'In Node, run through bin/comam-lab.mjs or `node --import ./bin/register-loaders.mjs`, which let Node resolve tfjs-core\'s ESM files.',
      );
    },
  );
  return loading;
}
