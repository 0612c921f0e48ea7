// The comam-lab CLI: dispatches to a command from the registry; every failure exits 1 with one
// named line and its fix (the stack only with --debug, a flag every command takes).

import { COMMANDS } from './commands';
import { errorReport } from './errorBoundary';
import type { CliIo } from './io';

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = [
    'comam-lab — train three memory agents together (CoMAM: adaptive credit + GRPO on LoRA), headless.',
    '',
    'Usage: comam-lab <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `comam-lab <command> --help` for a command\'s options; add --debug to any command to see the stack of a failure.',
  ];
  return `${lines.join('\n')}\n`;
}

export async function main(args: string[], io: CliIo): Promise<number> {
  const debug = args.includes('--debug');
  const [name, ...rest] = args.filter((a) => a !== '--debug');
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out.write(helpText());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err.write(`comam-lab: unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out.write(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      io.err.write(`comam-lab ${name}: ${err.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    io.err.write(errorReport(err, debug));
    return 1;
  }
}
