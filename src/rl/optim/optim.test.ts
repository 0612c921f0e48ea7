import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw';
import { clipByGlobalNorm, globalNorm } from './clip';
import { epochOrder, takeNext } from '../../run/training/dataOrder';
import { learningRateAt } from './schedule';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('AdamW', () => {
  it('first step moves each weight by about lr against its gradient sign, and decays weights', async () => {
    const p = tf.variable(tf.tensor1d([1, -1, 0.5]), true, 'p');
    const opt = new AdamW([p], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 });
    opt.apply({ p: tf.tensor1d([2, -3, 0]) }, 0.1);
    const after = Array.from(await p.data());
    // p − lr·λ·p − lr·sign(g) (g = 0 gives no Adam move)
    expect(after[0]).toBeCloseTo(1 - 0.01 - 0.1, 5);
    expect(after[1]).toBeCloseTo(-1 + 0.01 + 0.1, 5);
    expect(after[2]).toBeCloseTo(0.5 - 0.005, 5);
  });

  it('restored state continues exactly like the original optimizer', async () => {
    const mk = (name: string) => tf.variable(tf.tensor1d([0.3, -0.2]), true, name);
    const a = mk('a');
    const oa = new AdamW([a]);
    oa.apply({ a: tf.tensor1d([1, 2]) }, 0.01);
    const state = await oa.getState();
    const b = tf.variable(tf.tensor1d(Array.from(await a.data())), true, 'b');
    const ob = new AdamW([b]);
    ob.setState(state);
    oa.apply({ a: tf.tensor1d([-0.5, 0.7]) }, 0.01);
    ob.apply({ b: tf.tensor1d([-0.5, 0.7]) }, 0.01);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    expect(ob.step).toBe(2);
  });
});

describe('gradient clipping', () => {
  it('global norm over tensors, clipped to the limit, and NaN passes through as NaN', async () => {
    const grads = { x: tf.tensor1d([3]), y: tf.tensor1d([4]) };
    const n = await globalNorm(grads);
    expect(n).toBeCloseTo(5, 6);
    const clipped = clipByGlobalNorm(grads, n, 1);
    expect(await globalNorm(clipped)).toBeCloseTo(1, 4);
    expect(await globalNorm({ z: tf.tensor1d([1, Number.NaN]) })).toBeNaN();
  });
});

describe('learning-rate schedule', () => {
  it('warms up linearly then decays linearly or by cosine', () => {
    expect(learningRateAt(0, 10, 1e-4, { type: 'linear', warmupSteps: 2 })).toBe(0);
    expect(learningRateAt(1, 10, 1e-4, { type: 'linear', warmupSteps: 2 })).toBeCloseTo(5e-5, 12);
    expect(learningRateAt(6, 10, 1e-4, { type: 'linear', warmupSteps: 2 })).toBeCloseTo(5e-5, 12);
    expect(learningRateAt(6, 10, 1e-4, { type: 'cosine', warmupSteps: 2 })).toBeCloseTo(5e-5, 12);
    expect(learningRateAt(9, 10, 1e-4, { type: 'constant', warmupSteps: 0 })).toBe(1e-4);
  });
});

describe('data order', () => {
  it('is a seeded permutation per epoch and the cursor crosses epochs', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect([...epochOrder(ids, 3, 0)].sort()).toEqual(ids);
    expect(epochOrder(ids, 3, 0)).toEqual(epochOrder(ids, 3, 0));
    expect(epochOrder(ids, 3, 0)).not.toEqual(epochOrder(ids, 3, 1));
    const first = takeNext(ids, 3, { epoch: 0, offset: 0 }, 4);
    const second = takeNext(ids, 3, first.cursor, 2);
    expect(second.ids).toEqual([epochOrder(ids, 3, 0)[4], epochOrder(ids, 3, 1)[0]]);
    expect(second.cursor).toEqual({ epoch: 1, offset: 1 });
  });
});
