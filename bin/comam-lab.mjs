#!/usr/bin/env node
// The comam-lab command: registers the TypeScript loader and the tfjs gradient resolver (so `train`
// can take gradients in plain Node), then runs the CLI in src/cli. main() reports every failure as one
// named line; a failure outside it (loading the CLI itself) is reported the same way, never as a crash dump.
import './register-loaders.mjs';

try {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
} catch (err) {
  process.stderr.write(`${err?.name ?? 'Error'}: ${err?.message ?? String(err)}\n`);
  if (process.argv.includes('--debug') && err?.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
}
