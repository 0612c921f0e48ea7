// Bucketed sequence lengths: a padded batch's time axis is widened to one of a few lengths, so tensor
// shapes (hence GPU buffers and compiled WebGPU pipelines) repeat across rollouts of varying length.

import type { DecoderBatch } from './decoder';

/** Below this, buckets are powers of two (from MIN_BUCKET); from here on, multiples of it. */
export const SEQ_BUCKET_STEP = 64;
export const MIN_BUCKET = 8;

/** The bucket holding n positions: 8, 16, 32, 64, then 128, 192, 256, … (multiples of 64). */
export function sequenceBucket(n: number): number {
  if (n <= MIN_BUCKET) return MIN_BUCKET;
  if (n <= SEQ_BUCKET_STEP) return 2 ** Math.ceil(Math.log2(n));
  return Math.ceil(n / SEQ_BUCKET_STEP) * SEQ_BUCKET_STEP;
}

/**
 * The batch widened to `width` with padding (id 0, valid 0) on the right (training, scoring: real
 * tokens keep their columns) or the left (prompts: the last column stays each prompt's last token).
 * Padding is masked out of attention and takes no rotary position, so real tokens compute as before.
 */
export function padBatch(batch: DecoderBatch, width: number, side: 'left' | 'right'): DecoderBatch {
  const t = batch.ids[0]?.length ?? 0;
  if (width <= t) return batch;
  const pad = Array<number>(width - t).fill(0);
  const widen = (row: number[]) => (side === 'right' ? [...row, ...pad] : [...pad, ...row]);
  return { ids: batch.ids.map(widen), valid: batch.valid.map(widen) };
}
