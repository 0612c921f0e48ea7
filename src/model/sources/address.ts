// One text field for the remote sources: "bundled:<name>" is the app's bundled model; a repository id
// ("owner/name") or a hub URL is a Hugging Face repository. Local folders come from pickers instead.

import type { ModelFiles } from '../files';
import { bundledFiles } from './bundled';
import type { DownloadDeps } from './download';
import { hubFiles, parseHubAddress } from './hub';

export const BUNDLED_PREFIX = 'bundled:';

/** ModelFiles for `address`; throws InvalidModelAddressError when it is neither form. */
export function filesFromAddress(address: string, deps: DownloadDeps = {}): ModelFiles {
  const trimmed = address.trim();
  if (trimmed.startsWith(BUNDLED_PREFIX)) return bundledFiles(trimmed.slice(BUNDLED_PREFIX.length), deps);
  return hubFiles({ ...parseHubAddress(trimmed), ...deps });
}
