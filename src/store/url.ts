// The URL owns the settings that define what the page runs, so a link reproduces it.

import { parseBackendPreference, type BackendPreference } from '../model/backendInfo';

export interface UrlState {
  backend: BackendPreference;
  /** Human-readable problems with the URL's parameters, shown in the page (never a crash). */
  problems: string[];
}

export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  let backend: BackendPreference = 'auto';
  try {
    backend = parseBackendPreference(params.get('backend'));
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  return { backend, problems };
}
