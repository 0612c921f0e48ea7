import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../rl/errors';
import { errorReport, namedError } from './errorBoundary';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('the CLI error boundary', () => {
  it('keeps a LabError as it is', () => {
    const err = new ConfigError('Config field "x": bad.');
    expect(namedError(err)).toBe(err);
    expect(errorReport(err, false)).toBe('ConfigError: Config field "x": bad.\n');
  });

  it("names Node's file errors by their path", () => {
    const missing = thrown(() => readFileSync('/no/such/file'));
    expect(errorReport(missing, false)).toBe('FileAccessError: /no/such/file does not exist. Check the path.\n');
    expect(errorReport(thrown(() => readFileSync('/tmp')), false)).toMatch(/^FileAccessError: .*is a folder where a file was expected/);
  });

  it('reports anything else as UnexpectedError, one line, the stack only with debug', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'map')");
    expect(errorReport(bug, false)).toBe("UnexpectedError: TypeError: Cannot read properties of undefined (reading 'map'). The lab did not expect this; run again with --debug for the stack and report it.\n");
    expect(errorReport(bug, true)).toMatch(/^UnexpectedError: [^\n]*\nTypeError: Cannot read[^\n]*\n\s+at /);
    expect(errorReport('a string', false)).toMatch(/^UnexpectedError: a string\./);
  });
});
