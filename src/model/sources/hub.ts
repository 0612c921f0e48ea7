// Model files from a repository in the Hugging Face hub layout: the file listing with sizes and
// checksums from /api/models/{repo}/tree/{revision}, each file from /{repo}/resolve/{revision}/{file}.

import { ModelFileMissingError } from '../errors';
import type { FileProgress, ModelFiles } from '../files';
import { downloadVerified, httpGet, plainHttpError, type DownloadDeps, type HttpErrorMapper } from './download';
import { InvalidModelAddressError, ModelManifestError, RepositoryGatedError, RepositoryNotFoundError } from './errors';
import type { ExpectedFile } from './verify';

export const HUB_ENDPOINT = 'https://huggingface.co';

export interface HubRef {
  /** "owner/name". */
  repo: string;
  /** Branch, tag or commit; default "main". */
  revision?: string;
  /** Default https://huggingface.co (a mirror with the same layout works too). */
  endpoint?: string;
}

export type HubOptions = HubRef & DownloadDeps;

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** "owner/name", "https://huggingface.co/owner/name" or ".../owner/name/tree/<revision>" → a HubRef. */
export function parseHubAddress(address: string): HubRef {
  const trimmed = address.trim().replace(/\/+$/, '');
  if (REPO_ID.test(trimmed)) return { repo: trimmed };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidModelAddressError(`"${address}" is neither a repository id like "HuggingFaceTB/SmolLM2-135M-Instruct" nor a URL.`, { address });
  }
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const repo = parts.slice(0, 2).join('/');
  if (parts.length < 2 || !REPO_ID.test(repo) || (parts.length > 2 && !(['tree', 'resolve'].includes(parts[2]) && parts.length >= 4))) {
    throw new InvalidModelAddressError(`${address} is not a model repository URL. Use https://huggingface.co/<owner>/<name>, optionally followed by /tree/<revision>.`, {
      address,
    });
  }
  return { repo, revision: parts.length >= 4 ? parts[3] : undefined, endpoint: url.origin };
}

function refParts(ref: HubRef): { repo: string; revision: string; endpoint: string } {
  if (!REPO_ID.test(ref.repo)) {
    throw new InvalidModelAddressError(`"${ref.repo}" is not a repository id: use "owner/name".`, { repo: ref.repo });
  }
  return { repo: ref.repo, revision: ref.revision ?? 'main', endpoint: (ref.endpoint ?? HUB_ENDPOINT).replace(/\/+$/, '') };
}

export function hubFileUrl(ref: HubRef, file: string): string {
  const { repo, revision, endpoint } = refParts(ref);
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

export function hubTreeUrl(ref: HubRef): string {
  const { repo, revision, endpoint } = refParts(ref);
  return `${endpoint}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

/** The hub's error codes (X-Error-Code) and statuses as named errors. */
function hubHttpError(ref: HubRef): HttpErrorMapper {
  const { repo, revision, endpoint } = refParts(ref);
  return (res, url, file) => {
    const code = res.headers.get('x-error-code');
    const data = { file, url, status: res.status, repo, revision };
    if (code === 'GatedRepo' || (code === null && res.status === 403)) {
      return new RepositoryGatedError(
        `${repo} is gated (HTTP ${res.status}). Accept its license at ${endpoint}/${repo} and load it with an access token, or choose an ungated model.`,
        data,
      );
    }
    if (code === 'RevisionNotFound') {
      return new RepositoryNotFoundError(`${repo} has no revision "${revision}" (HTTP ${res.status}). Use a branch, tag or commit that exists, e.g. "main".`, data);
    }
    if (code === 'EntryNotFound') {
      return new ModelFileMissingError(`${repo}@${revision} has no file ${file} (HTTP ${res.status}).`, data);
    }
    if (code === 'RepoNotFound' || res.status === 401 || res.status === 404) {
      return new RepositoryNotFoundError(
        `${repo} was not found on ${endpoint} (HTTP ${res.status}): check the spelling; a private repository needs an access token.`,
        data,
      );
    }
    return plainHttpError(res, url, file);
  };
}

interface TreeEntry {
  type: string;
  path: string;
  size: number;
  oid?: string;
  lfs?: { oid: string; size: number };
}

function parseTree(body: unknown, url: string): ExpectedFile[] {
  if (!Array.isArray(body)) throw new ModelManifestError(`${url} did not return a JSON array of files. Is it a Hugging Face hub endpoint?`, { url });
  const out: ExpectedFile[] = [];
  body.forEach((raw: unknown, i) => {
    const e = raw as Partial<TreeEntry> | null;
    if (!e || typeof e.type !== 'string' || typeof e.path !== 'string') {
      throw new ModelManifestError(`${url}: entry ${i} has no "type" and "path". Is it a Hugging Face hub endpoint?`, { url, row: i });
    }
    if (e.type !== 'file') return;
    if (typeof e.size !== 'number' || !Number.isSafeInteger(e.size) || e.size < 0) {
      throw new ModelManifestError(`${url}: ${e.path} has no valid "size".`, { url, row: i, file: e.path, field: 'size' });
    }
    if (e.lfs) {
      if (typeof e.lfs.oid !== 'string' || !/^[0-9a-f]{64}$/i.test(e.lfs.oid)) {
        throw new ModelManifestError(`${url}: ${e.path} has no valid lfs.oid (sha256).`, { url, row: i, file: e.path, field: 'lfs.oid' });
      }
      out.push({ name: e.path, size: e.lfs.size ?? e.size, sha256: e.lfs.oid.toLowerCase() });
    } else {
      const gitSha1 = typeof e.oid === 'string' && /^[0-9a-f]{40}$/i.test(e.oid) ? e.oid.toLowerCase() : undefined;
      out.push({ name: e.path, size: e.size, gitSha1 });
    }
  });
  return out;
}

/** The next page of a paginated listing, from a `Link: <url>; rel="next"` header. */
function nextPage(res: Response): string | undefined {
  const link = res.headers.get('link');
  const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  return m ? m[1] : undefined;
}

/** The repository's files with their sizes and checksums (every page of the listing). */
export async function listHubFiles(opts: HubOptions): Promise<Map<string, ExpectedFile>> {
  const mapError = hubHttpError(opts);
  const files = new Map<string, ExpectedFile>();
  let url: string | undefined = hubTreeUrl(opts);
  while (url) {
    const res = await httpGet(opts, url, '(file listing)', mapError);
    let body: unknown;
    try {
      body = await res.json();
    } catch (err) {
      throw new ModelManifestError(`${url} did not return JSON (${(err as Error).message}). Is it a Hugging Face hub endpoint?`, { url });
    }
    for (const f of parseTree(body, url)) files.set(f.name, f);
    url = nextPage(res);
  }
  return files;
}

/** ModelFiles over a hub repository; the listing is fetched once, on first use. */
export function hubFiles(opts: HubOptions): ModelFiles {
  const { repo, revision, endpoint } = refParts(opts);
  const location = `${endpoint}/${repo}@${revision}`;
  const mapError = hubHttpError(opts);
  let listing: Promise<Map<string, ExpectedFile>> | undefined;
  const list = (): Promise<Map<string, ExpectedFile>> => {
    listing ??= listHubFiles(opts).catch((err: unknown) => {
      listing = undefined;
      throw err;
    });
    return listing;
  };
  return {
    location,
    async has(name) {
      return (await list()).has(name);
    },
    async read(name, onProgress?: (p: FileProgress) => void) {
      const expected = (await list()).get(name);
      if (!expected) {
        throw new ModelFileMissingError(`${location} has no file ${name}. Is it a model repository with Hugging Face weights (safetensors)?`, { file: name, repo });
      }
      return downloadVerified(opts, hubFileUrl(opts, name), expected, onProgress, mapError);
    },
  };
}
