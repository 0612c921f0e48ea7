// The worker side of the trainer protocol: forwards requests to a TrainerApi (the in-process trainer)
// and its events to the UI. Pure over a post function, so it runs in a Worker or a Node test alike.

import { serializeError } from '../../protocol/errors';
import type { TrainerApi } from '../../run/protocol/trainer';
import { isTrainerRequest, type TrainerMessage, type TrainerRequest } from '../../run/protocol/trainerMessages';
import { TrainerStateError } from '../../rl/trainerErrors';

export function hostTrainer(trainer: TrainerApi, post: (m: TrainerMessage) => void): (data: unknown) => Promise<void> {
  trainer.subscribe((event) => post({ kind: 'event', event }));
  return async (data) => {
    if (!isTrainerRequest(data)) return;
    const req: TrainerRequest = data;
    try {
      switch (req.kind) {
        case 'start': {
          const { runId } = await trainer.start(req.setup);
          post({ kind: 'started', id: req.id, runId });
          return;
        }
        case 'resume':
          await trainer.resume(req.runId);
          break;
        case 'pause':
          await trainer.pause();
          break;
        case 'step':
          await trainer.step();
          break;
        case 'stop':
          await trainer.stop();
          break;
        default: {
          const never: never = req;
          throw new TrainerStateError(`Unknown trainer request ${JSON.stringify(never)}.`);
        }
      }
      post({ kind: 'done', id: req.id });
    } catch (err) {
      post({ kind: 'failed', id: req.id, error: serializeError(err) });
    }
  };
}
