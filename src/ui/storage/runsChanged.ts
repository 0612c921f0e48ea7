// A tiny signal between panels: an import (of a backup or of adapters) tells the panels that list
// stored runs to read them again.

const listeners = new Set<() => void>();

export function onRunsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function runsChanged(): void {
  for (const l of listeners) l();
}
