// The chosen base model's shape for the precision table: the bundled model's config.json read through
// the bundled source (verified, cached), a checked Hugging Face model's, or nothing for a local folder.

import { useEffect, useState } from 'react';
import { readJson } from '../../model/files';
import { shapeFromConfig, type ModelShape } from '../../model/memoryEstimate';
import { bundledFiles } from '../../model/sources/bundled';
import { useAppStore } from '../../store/app';

export type ShapeState = { status: 'none'; why: string } | { status: 'loading' } | { status: 'ok'; shape: ModelShape } | { status: 'error'; message: string };

export function useModelShape(): ShapeState {
  const model = useAppStore((s) => s.setup.model);
  const check = useAppStore((s) => s.modelCheck);
  const bundledName = model.kind === 'bundled' ? model.name : undefined;
  const [bundled, setBundled] = useState<{ name: string; state: ShapeState } | undefined>(undefined);

  useEffect(() => {
    if (bundledName === undefined || bundledName.trim() === '') return;
    let live = true;
    readJson(bundledFiles(bundledName), 'config.json')
      .then((config) => {
        if (live) setBundled({ name: bundledName, state: { status: 'ok', shape: shapeFromConfig(config) } });
      })
      .catch((err: unknown) => {
        if (live) setBundled({ name: bundledName, state: { status: 'error', message: err instanceof Error ? err.message : String(err) } });
      });
    return () => {
      live = false;
    };
  }, [bundledName]);

  if (model.kind === 'folder') return { status: 'none', why: 'The weight memory is shown once the folder is loaded: its config.json is read when the run starts.' };
  if (model.kind === 'hub') {
    const same = check.status !== 'idle' && check.repo === model.repo && check.revision === model.revision;
    if (same && check.status === 'ok') return { status: 'ok', shape: check.info.shape };
    return { status: 'none', why: 'Press "Check model" to see the weight memory per precision.' };
  }
  if (bundled?.name === model.name) return bundled.state;
  return { status: 'loading' };
}
