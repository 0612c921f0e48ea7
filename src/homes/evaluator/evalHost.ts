// The worker side of the eval protocol: forwards each evaluate request to an EvaluatorApi, posting
// its progress and then its result or named error. Pure over a post function (Worker or test).

import { serializeError } from '../../protocol/errors';
import type { EvaluatorApi } from '../../run/protocol/evaluator';
import { isEvalRequest, type EvalMessage } from '../../run/protocol/evalMessages';

export function hostEvaluator(evaluator: EvaluatorApi, post: (m: EvalMessage) => void): (data: unknown) => Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  return (data) => {
    if (!isEvalRequest(data)) return Promise.resolve();
    const { id, target, options } = data;
    // One evaluation at a time: they share the loaded model.
    queue = queue.then(async () => {
      try {
        const result = await evaluator.evaluate(target, options, (progress) => post({ kind: 'progress', id, progress }));
        post({ kind: 'result', id, result });
      } catch (err) {
        post({ kind: 'failed', id, error: serializeError(err) });
      }
    });
    return queue;
  };
}
