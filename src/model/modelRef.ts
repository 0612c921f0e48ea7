// Which base model a run uses, and at which precision its frozen weights are held, as plain JSON.

/** Which base model: the bundled lab model, a Hugging Face repo, or a folder the user picked. */
export type ModelRef =
  | { kind: 'bundled'; name: string }
  | { kind: 'hub'; repo: string; revision: string }
  | { kind: 'folder'; name: string };

/** The frozen base's weights: float32, or quantized to int8 / int4 (src/model/quant). */
export const PRECISIONS = ['f32', 'int8', 'int4'] as const;
export type Precision = (typeof PRECISIONS)[number];
