import { describe, expect, it } from 'vitest';
import { bufferIo } from './io';
import { main } from './main';

describe('comam-lab CLI', () => {
  it('--help lists the commands and exits 0', async () => {
    const io = bufferIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout()).toMatch(/Usage: comam-lab <command>/);
    expect(io.stdout()).toMatch(/doctor/);
  });

  it('an unknown command exits 2 and says so', async () => {
    const io = bufferIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.stderr()).toMatch(/unknown command "frobnicate"/);
  });

  it('doctor reports the Node version and that cpu and wasm initialize', async () => {
    const io = bufferIo();
    expect(await main(['doctor', '--json'], io)).toBe(0);
    const report = JSON.parse(io.stdout()) as { node: string; backends: { backend: string; ok: boolean }[] };
    expect(report.node).toBe(process.version);
    const ok = Object.fromEntries(report.backends.map((b) => [b.backend, b.ok]));
    expect(ok.cpu).toBe(true);
    expect(ok.wasm).toBe(true);
    expect(report.backends.map((b) => b.backend)).toEqual(['webgpu', 'wasm', 'cpu']);
  });
});
