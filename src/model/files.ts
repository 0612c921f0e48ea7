// Where a model's files come from: one small interface over a Node folder, a browser folder,
// a URL in the Hugging Face hub layout, or the bundled model. Loaders read files only through it.

/** Byte progress of one file: `total` is undefined when the source cannot tell in advance. */
export interface FileProgress {
  file: string;
  loaded: number;
  total?: number;
}

export interface ModelFiles {
  /** For messages: a path, a URL or "bundled:<name>". */
  readonly location: string;
  has(name: string): Promise<boolean>;
  /** The whole file. Throws ModelFileMissingError when it is not there. */
  read(name: string, onProgress?: (p: FileProgress) => void): Promise<Uint8Array>;
}

export async function readText(files: ModelFiles, name: string): Promise<string> {
  return new TextDecoder().decode(await files.read(name));
}

export async function readJson<T = unknown>(files: ModelFiles, name: string): Promise<T> {
  const text = await readText(files, name);
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    const { ModelFileFormatError } = await import('./errors');
    throw new ModelFileFormatError(`${files.location}/${name} is not valid JSON (${(err as Error).message}). Re-download or fix the file.`, {
      file: name,
    });
  }
}
