import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDir, recoverDir, writeDir } from './atomicDir';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'atomic-')), 'cp');
const hasLast = (tmp: string) => existsSync(join(tmp, 'last.txt'));

describe('atomicDir', () => {
  it('writeDir replaces the folder whole and leaves no .tmp', () => {
    const dir = fresh();
    writeDir(dir, { 'a.txt': 'old' });
    writeDir(dir, { 'b.txt': 'new', 'last.txt': '1' });
    expect(Object.keys(readDir(dir)).sort()).toEqual(['b.txt', 'last.txt']);
    expect(existsSync(`${dir}.tmp`)).toBe(false);
  });

  it('recoverDir finishes a rename a kill interrupted after the old folder was removed', () => {
    const dir = fresh();
    writeDir(dir, { 'b.txt': 'new', 'last.txt': '1' });
    renameSync(dir, `${dir}.tmp`);
    expect(recoverDir(dir, hasLast)).toBe('renamed');
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('new');
    expect(existsSync(`${dir}.tmp`)).toBe(false);
  });

  it('recoverDir replaces a half-removed old folder with a complete .tmp', () => {
    const dir = fresh();
    writeDir(dir, { 'a.txt': 'old', 'last.txt': '0' });
    writeDir(`${dir}.next`, { 'b.txt': 'new', 'last.txt': '1' });
    renameSync(`${dir}.next`, `${dir}.tmp`);
    rmSync(join(dir, 'last.txt'));
    expect(recoverDir(dir, hasLast)).toBe('renamed');
    expect(Object.keys(readDir(dir)).sort()).toEqual(['b.txt', 'last.txt']);
  });

  it('recoverDir drops an incomplete .tmp and keeps the old folder; "none" without one', () => {
    const dir = fresh();
    writeDir(dir, { 'a.txt': 'old', 'last.txt': '0' });
    writeDir(`${dir}.next`, { 'b.txt': 'half' });
    renameSync(`${dir}.next`, `${dir}.tmp`);
    expect(recoverDir(dir, hasLast)).toBe('dropped');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
    expect(existsSync(`${dir}.tmp`)).toBe(false);
    expect(recoverDir(dir, hasLast)).toBe('none');
  });
});
