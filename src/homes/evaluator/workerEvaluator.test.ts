import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../protocol/client';
import type { EvalProgress, EvalResult, EvalTarget, EvaluatorApi } from '../../run/protocol/evaluator';
import type { EvalMessage } from '../../run/protocol/evalMessages';
import { EvalTargetError } from '../../rl/eval/errors';
import { hostEvaluator } from './evalHost';
import { WorkerEvaluator } from './workerEvaluator';

function endpoint(port: MessagePort): Endpoint {
  return {
    postMessage: (m: unknown) => port.postMessage(m),
    addEventListener: (type: 'message' | 'error', listener: (ev: MessageEvent & Event) => void) => {
      if (type === 'message') port.on('message', (data: unknown) => listener({ data } as MessageEvent & Event));
    },
  };
}

/** Answers run targets after reporting progress; one evaluation at a time is checked by `active`. */
class FakeEvaluator implements EvaluatorApi {
  active = 0;
  maxActive = 0;
  async evaluate(target: EvalTarget, options: { split: 'train' | 'val'; limit?: number }, onProgress?: (p: EvalProgress) => void): Promise<EvalResult> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((r) => setTimeout(r, 5));
      if (target.kind !== 'run') throw new EvalTargetError('only runs here', { runId: '' });
      onProgress?.({ phase: 'eval', done: 1, total: 2, unit: 'questions', label: `half of ${target.runId}` });
      const accuracy = target.runId === 'a' ? 0.5 : 0.25;
      return { target, report: { system: 'team', split: options.split, questions: 2, correct: accuracy * 2, accuracy, formatOk: 1, byType: {} }, adapterStep: 3, wallMs: 5 };
    } finally {
      this.active -= 1;
    }
  }
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('the evaluator behind the eval protocol (MessageChannel)', () => {
  it('relays progress per request, answers each with its own result, one at a time, and rebuilds named errors', async () => {
    const inner = new FakeEvaluator();
    const { port1, port2 } = new MessageChannel();
    const handle = hostEvaluator(inner, (m: EvalMessage) => port2.postMessage(m));
    port2.on('message', (data: unknown) => void handle(data));
    close = () => {
      port1.close();
      port2.close();
    };
    const proxy = new WorkerEvaluator(endpoint(port1));
    const seen: string[] = [];
    const [a, b] = await Promise.all([
      proxy.evaluate({ kind: 'run', runId: 'a' }, { split: 'val' }, (p) => seen.push(p.label)),
      proxy.evaluate({ kind: 'run', runId: 'b' }, { split: 'val', limit: 2 }, (p) => seen.push(p.label)),
    ]);
    expect([a.report.accuracy, b.report.accuracy, a.adapterStep]).toEqual([0.5, 0.25, 3]);
    expect(seen).toEqual(['half of a', 'half of b']);
    expect(inner.maxActive).toBe(1);
    const err = await proxy.evaluate({ kind: 'baseline', name: 'rag', setup: {} as never }, { split: 'val' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvalTargetError);
    expect((err as Error).message).toBe('only runs here');
  });
});
