// `comam-lab credit GROUP.json`: the credit calculator on one group of rewards — NDCG, weights,
// integrated rewards and advantages as JSON (the UI's credit widget shows the same numbers).

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CreditInputError } from '../../rl/errors';
import { creditFromText } from '../../rl/calculator';
import type { Command } from '../io';

export const creditCommand: Command = {
  name: 'credit',
  summary: 'compute CoMAM credit (NDCG, weights, integrated rewards, advantages) for one group',
  usage: [
    'comam-lab credit GROUP.json   (use - to read standard input)',
    '',
    'GROUP.json: {"local": {"extractor": [..G], "profiler": [..G], "retriever": [..G]}, "global": [..G],',
    '             "mode": "adaptive"|"local"|"global"|"equal"|"fixed"|"independent",',
    '             "credit_temperature": 1, "fixed_weights": {"extractor": w, ...},',
    '             "scale_rewards": "group"|"batch"|"none", "ndcg_ties": "index"|"average"}',
    'A reward may be null (undefined): its advantage is 0.',
  ].join('\n'),
  async run(argv, io) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    if (positionals.length !== 1) {
      io.err.write(`comam-lab credit: give exactly one GROUP.json file.\nUsage: ${this.usage}\n`);
      return 2;
    }
    const [path] = positionals;
    let text: string;
    try {
      text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
    } catch (err) {
      throw new CreditInputError(`Cannot read ${path}: ${err instanceof Error ? err.message : String(err)}. Check the path.`, { field: '(file)' });
    }
    const report = creditFromText(text);
    io.out.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
