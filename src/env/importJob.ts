// One import job, the same in the worker and in tests: build the Dataset (generate or parse, streamed)
// then hand it to `save`, which stores it whole or not at all. Errors come back serialized.

import { serializeError } from '../protocol/errors';
import { generateWorld } from './generator';
import type { ImportReply, ImportRequest, ImportResult } from './importProtocol';
import { importPersonaMemV1 } from './personamemV1';
import { importPersonaMemV2 } from './personamemV2';
import { blobSource, type ReadProgress } from './source';
import type { Dataset } from './types';

export async function buildDataset(req: ImportRequest, onProgress?: (p: ReadProgress) => void): Promise<Dataset> {
  if (req.kind === 'generate') return generateWorld(req.config);
  const f = req.files;
  const options = { limits: req.limits, onProgress };
  switch (f.format) {
    case 'personamem-v1':
      return (await importPersonaMemV1({ questions: blobSource(f.questions.name, f.questions), contexts: blobSource(f.contexts.name, f.contexts) }, options)).dataset;
    case 'personamem-v2':
      return importPersonaMemV2({ benchmark: blobSource(f.benchmark.name, f.benchmark), histories: f.histories.map((h) => blobSource(h.name, h)) }, options);
    default: {
      const never: never = f;
      throw new Error(`unknown format ${JSON.stringify(never)}`);
    }
  }
}

/** Progress is sent at most every `PROGRESS_EVERY_MS`, plus once when a file is fully read. */
export const PROGRESS_EVERY_MS = 200;

export async function runImportJob(
  req: ImportRequest,
  save: (d: Dataset) => Promise<unknown>,
  post: (reply: ImportReply) => void = () => {},
  now: () => number = () => Date.now(),
): Promise<ImportResult> {
  const start = now();
  let last = -Infinity;
  const onProgress = (p: ReadProgress) => {
    const t = now();
    if (t - last < PROGRESS_EVERY_MS && p.read < p.size) return;
    last = t;
    post({ kind: 'progress', id: req.id, ...p });
  };
  try {
    const dataset = await buildDataset(req, onProgress);
    await save(dataset);
    return { kind: 'stored', id: req.id, summary: { id: dataset.id, name: dataset.name, source: dataset.source, questions: dataset.questions.length, ms: now() - start } };
  } catch (err) {
    return { kind: 'error', id: req.id, error: serializeError(err) };
  }
}
