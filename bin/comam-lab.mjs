#!/usr/bin/env node
// The comam-lab command: registers the TypeScript loader and the tfjs gradient resolver (so `train`
// can take gradients in plain Node), then runs the CLI in src/cli.
import './register-loaders.mjs';

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { out: process.stdout, err: process.stderr });
