import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { enableGradients } from './gradients';
import { initBackend } from './backend';
import { chunkedTokenLogprobs } from './logprobs';
import { maxAbsDiff } from './testing/fixtures';

describe('chunked token log-probs', () => {
  beforeAll(async () => {
    await initBackend('cpu');
    await enableGradients();
  });

  const hidden = tf.randomNormal<tf.Rank.R3>([2, 7, 5], 0, 1, 'float32', 1);
  const head = tf.randomNormal<tf.Rank.R2>([11, 5], 0, 1, 'float32', 2);
  const targets = [
    [1, 4, 10, 0, 3, 3, 7],
    [2, 2, 9, 5, 6, 1, 0],
  ];

  /** The plain version that materializes [B, T, V]. */
  const plain = (h: tf.Tensor3D, temperature: number) =>
    tf.tidy(() => {
      const logits = tf.div(tf.matMul(tf.reshape(h, [14, 5]), head, false, true), temperature); // [B·T, V]
      const lsm = tf.logSoftmax(logits); // [B·T, V]
      return tf.reshape(tf.sum(tf.mul(lsm, tf.oneHot(tf.tensor1d(targets.flat(), 'int32'), 11)), 1), [2, 7]); // [B, T]
    });

  it.each([1, 3, 7, 100])('chunk %i: values and gradients equal the unchunked computation', async (chunk) => {
    const weights = tf.randomUniform([2, 7], 0, 1, 'float32', 3);
    for (const temperature of [1, 0.7]) {
      const value = chunkedTokenLogprobs(hidden, head, targets, { chunk, temperature });
      expect(maxAbsDiff(await value.data(), await plain(hidden, temperature).data())).toBeLessThan(1e-5);
      const gChunked = tf.grad((h: tf.Tensor) => tf.sum(tf.mul(chunkedTokenLogprobs(h as tf.Tensor3D, head, targets, { chunk, temperature }), weights)))(hidden);
      const gPlain = tf.grad((h: tf.Tensor) => tf.sum(tf.mul(plain(h as tf.Tensor3D, temperature), weights)))(hidden);
      expect(maxAbsDiff(await gChunked.data(), await gPlain.data())).toBeLessThan(1e-5);
    }
  });

  it('leaves no tensors behind, forward or backward', () => {
    const before = tf.memory().numTensors;
    tf.dispose(tf.tidy(() => tf.grad((h: tf.Tensor) => tf.sum(chunkedTokenLogprobs(h as tf.Tensor3D, head, targets, { chunk: 2 })))(hidden)));
    expect(tf.memory().numTensors).toBe(before);
  });
});
