import { describe, expect, it } from 'vitest';
import { ModelFileMissingError } from '../errors';
import { directoryHandleFiles, type DirectoryHandleLike } from './fsAccess';

type Tree = { [name: string]: string | Tree };

function notFound(name: string): Error {
  const err = new Error(`${name} not found`);
  err.name = 'NotFoundError';
  return err;
}

/** A FileSystemDirectoryHandle over a nested object, throwing NotFoundError/TypeMismatchError as browsers do. */
function handle(name: string, tree: Tree): DirectoryHandleLike {
  return {
    name,
    getDirectoryHandle(child) {
      const sub = tree[child];
      if (sub === undefined) return Promise.reject(notFound(child));
      if (typeof sub === 'string') return Promise.reject(Object.assign(new Error('file'), { name: 'TypeMismatchError' }));
      return Promise.resolve(handle(child, sub));
    },
    getFileHandle(child) {
      const leaf = tree[child];
      if (typeof leaf !== 'string') return Promise.reject(notFound(child));
      return Promise.resolve({ getFile: () => Promise.resolve(new Blob([leaf])) });
    },
  };
}

describe('directoryHandleFiles', () => {
  const dir = handle('tiny', { 'config.json': '{"x": 1}', adapter: { 'adapter_config.json': '{"r": 4}' } });

  it('reads files and subfolders through the handle', async () => {
    const files = directoryHandleFiles(dir);
    expect(files.location).toBe('folder tiny');
    expect(await files.has('config.json')).toBe(true);
    expect(await files.has('adapter/adapter_config.json')).toBe(true);
    expect(await files.has('adapter')).toBe(false);
    expect(await files.has('config.json/x')).toBe(false);
    expect(await files.has('../secret')).toBe(false);
    const progress: number[] = [];
    expect(new TextDecoder().decode(await files.read('adapter/adapter_config.json', (p) => progress.push(p.loaded)))).toBe('{"r": 4}');
    expect(progress.at(-1)).toBe(8);
  });

  it('names a missing file and passes other failures on', async () => {
    await expect(directoryHandleFiles(dir).read('model.safetensors')).rejects.toThrow(ModelFileMissingError);
    const denied: DirectoryHandleLike = { ...dir, getFileHandle: () => Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' })) };
    await expect(directoryHandleFiles(denied).read('config.json')).rejects.toThrow(/denied/);
  });
});
