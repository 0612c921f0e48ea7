// One import job, the same in the worker and in tests: build the Dataset (generate or parse, streamed)
// then hand it to `save`, which stores it whole or not at all. Errors come back serialized.

import { serializeError } from '../protocol/errors';
import { generateWorld } from './generator';
import type { ImportReply, ImportRequest } from './importProtocol';
import { importPersonaMemV1 } from './personamemV1';
import { importPersonaMemV2 } from './personamemV2';
import { blobSource } from './source';
import type { Dataset } from './types';

export async function buildDataset(req: ImportRequest): Promise<Dataset> {
  if (req.kind === 'generate') return generateWorld(req.config);
  const f = req.files;
  const options = { limits: req.limits };
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

export async function runImportJob(req: ImportRequest, save: (d: Dataset) => Promise<unknown>, now: () => number = () => Date.now()): Promise<ImportReply> {
  const start = now();
  try {
    const dataset = await buildDataset(req);
    await save(dataset);
    return { kind: 'stored', id: req.id, summary: { id: dataset.id, name: dataset.name, source: dataset.source, questions: dataset.questions.length, ms: now() - start } };
  } catch (err) {
    return { kind: 'error', id: req.id, error: serializeError(err) };
  }
}
