// Loaders for running the TypeScript core in plain Node (the CLI and scripts):
// `node --import ./bin/register-loaders.mjs file.ts`. tsx transpiles TypeScript; the tfjs hook lets
// Node load tfjs-core's gradient registrations (tfjs keeps its registries global, so they apply).
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

register('./tfjs-esm-resolve.mjs', import.meta.url);
registerTsx();
