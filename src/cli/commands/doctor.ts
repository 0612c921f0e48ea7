// `comam-lab doctor`: the Node version and which tfjs backends initialize on this machine.

import { parseArgs } from 'node:util';
import { BACKENDS, describeBackend, initBackend, type BackendName } from '../../model/backend';
import { installNodeWebGpu } from '../../model/node-webgpu';
import type { Command } from '../io';

interface BackendCheck {
  backend: BackendName;
  ok: boolean;
  detail: string;
}

async function checkBackends(): Promise<BackendCheck[]> {
  const checks: BackendCheck[] = [];
  const gpu = await installNodeWebGpu();
  for (const backend of BACKENDS) {
    if (backend === 'webgpu' && !gpu.installed) {
      checks.push({ backend, ok: false, detail: gpu.reason ?? 'not available' });
      continue;
    }
    try {
      const report = await initBackend(backend);
      checks.push({ backend, ok: report.matmulOk, detail: `${describeBackend(report)}, init ${report.initMs.toFixed(0)} ms` });
    } catch (err) {
      checks.push({ backend, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  }
  return checks;
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'print the Node version and which tfjs backends initialize here',
  usage: 'comam-lab doctor [--json]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
    const backends = await checkBackends();
    const report = { node: process.version, platform: `${process.platform}-${process.arch}`, backends };
    if (values.json) {
      io.out.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      io.out.write(`Node ${report.node} (${report.platform})\n`);
      for (const b of backends) io.out.write(`  ${b.ok ? 'ok  ' : 'FAIL'} ${b.backend.padEnd(6)} ${b.detail}\n`);
    }
    return backends.some((b) => b.ok) ? 0 : 1;
  },
};
