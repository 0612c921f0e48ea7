// A folder's files by relative path (an adapter folder picked for import or export), within the same
// bounds as a zip's entries; symbolic links are skipped and named, never followed out of the folder.

import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ZIP_LIMITS, type BoundedZip, type ZipLimits } from '../export/boundedUnzip';
import { AdapterArchiveError } from '../export/errors';
import { formatBytes } from '../model/memoryEstimate';

export function readTree(dir: string, limits: ZipLimits = ZIP_LIMITS): BoundedZip {
  const files: BoundedZip['files'] = {};
  const skipped: BoundedZip['skipped'] = [];
  let total = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p).split('\\').join('/');
      const st = lstatSync(p);
      if (st.isSymbolicLink()) skipped.push({ path: rel, reason: 'a symbolic link' });
      else if (st.isDirectory()) walk(p);
      else if (!st.isFile()) skipped.push({ path: rel, reason: 'not a regular file' });
      else {
        total += st.size;
        if (st.size > limits.maxEntryBytes || total > limits.maxTotalBytes) {
          throw new AdapterArchiveError(`${dir}: ${rel} (${formatBytes(st.size)}) is over the limit of ${formatBytes(st.size > limits.maxEntryBytes ? limits.maxEntryBytes : limits.maxTotalBytes)}${st.size > limits.maxEntryBytes ? '' : ' for the whole folder'}; adapter folders are far smaller. Check that this is the right folder.`, { file: rel });
        }
        files[rel] = new Uint8Array(readFileSync(p));
      }
    }
  };
  walk(dir);
  return { files, skipped };
}
