import { describe, expect, it } from 'vitest';
import { ModelFileMissingError } from '../errors';
import { readJson } from '../files';
import { browserFolderFiles, readDroppedEntry } from './browserFolder';

/** A File as `<input webkitdirectory>` gives it: its path relative to the picked folder's parent. */
function picked(path: string, text: string): File {
  const f = new File([text], path.split('/').pop()!);
  Object.defineProperty(f, 'webkitRelativePath', { value: path });
  return f;
}

/** A dropped FileSystemEntry tree; readEntries hands out at most two entries a call, as browsers page them. */
function fileEntry(name: string, text: string) {
  return { isFile: true, isDirectory: false, name, file: (ok: (f: File) => void) => ok(new File([text], name)) };
}
function dirEntry(name: string, children: object[]) {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(ok: (e: never[]) => void) {
          ok(children.slice(at, (at += 2)) as never[]);
        },
      };
    },
  };
}

describe('browserFolderFiles', () => {
  it('strips the picked folder name from webkitRelativePath and streams with progress', async () => {
    const files = browserFolderFiles([picked('my-model/config.json', '{"a": 1}'), picked('my-model/adapter/adapter_config.json', '{"r": 4}')], 'my-model');
    expect(await files.has('config.json')).toBe(true);
    expect(await files.has('adapter/adapter_config.json')).toBe(true);
    expect(await files.has('my-model/config.json')).toBe(false);
    const seen: [number, number | undefined][] = [];
    expect(await readJson(files, 'config.json')).toEqual({ a: 1 });
    await files.read('adapter/adapter_config.json', (p) => seen.push([p.loaded, p.total]));
    expect(seen.at(-1)).toEqual([8, 8]);
    await expect(files.read('model.safetensors')).rejects.toThrow(ModelFileMissingError);
  });

  it('takes plain dropped files by name', async () => {
    const files = browserFolderFiles([new File(['x'], 'config.json')]);
    expect(await files.has('config.json')).toBe(true);
  });

  it('walks a dropped folder, every readEntries page included', async () => {
    const root = dirEntry('drop', [
      fileEntry('config.json', '{}'),
      fileEntry('tokenizer.json', 't'),
      fileEntry('tokenizer_config.json', 'c'),
      dirEntry('adapter', [fileEntry('adapter_config.json', 'a')]),
    ]);
    const entries = await readDroppedEntry(root);
    expect(entries.map((e) => e.path).sort()).toEqual(['adapter/adapter_config.json', 'config.json', 'tokenizer.json', 'tokenizer_config.json']);
    const files = browserFolderFiles(entries, 'drop');
    expect(new TextDecoder().decode(await files.read('adapter/adapter_config.json'))).toBe('a');
  });
});
