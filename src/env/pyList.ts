// A hand-written parser for a Python list literal of strings, as PersonaMem writes `all_options`:
// ' or " quotes (or triple quotes), backslash escapes, r/u prefixes, commas and brackets inside strings.

export type PyListResult = { ok: true; values: string[] } | { ok: false; error: string; offset: number };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0',
  }),
);

const HEX_ESCAPES: Readonly<Record<string, number>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, number>, { x: 2, u: 4, U: 8 }),
);

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  peek(k = 0): string {
    return this.text.charAt(this.pos + k);
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  skipSpace(): void {
    while (!this.done() && /\s/.test(this.peek())) this.pos++;
  }
}

class SyntaxFail extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

function readString(c: Cursor): string {
  let raw = false;
  while (/[rRuU]/.test(c.peek()) && c.peek() !== "'" && c.peek() !== '"') {
    if (c.peek().toLowerCase() === 'r') raw = true;
    c.pos++;
  }
  const quote = c.peek();
  if (quote !== "'" && quote !== '"') throw new SyntaxFail(`expected a quoted string, found ${JSON.stringify(c.peek() || 'end of text')}`, c.pos);
  const start = c.pos;
  const triple = c.peek(1) === quote && c.peek(2) === quote;
  const delim = triple ? quote.repeat(3) : quote;
  c.pos += delim.length;
  let out = '';
  for (;;) {
    if (c.done()) throw new SyntaxFail('unclosed string', start);
    if (c.text.startsWith(delim, c.pos)) {
      c.pos += delim.length;
      return out;
    }
    const ch = c.peek();
    if (!triple && (ch === '\n' || ch === '\r')) throw new SyntaxFail('line break inside a single-quoted string', c.pos);
    if (ch !== '\\') {
      out += ch;
      c.pos++;
      continue;
    }
    const next = c.peek(1);
    if (next === '') throw new SyntaxFail('backslash at end of text', c.pos);
    if (raw) {
      out += ch + next;
      c.pos += 2;
      continue;
    }
    if (next === '\n') {
      c.pos += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      c.pos += 2;
      continue;
    }
    const digits = HEX_ESCAPES[next];
    if (digits !== undefined) {
      const hex = c.text.slice(c.pos + 2, c.pos + 2 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) throw new SyntaxFail(`bad \\${next} escape`, c.pos);
      out += String.fromCodePoint(parseInt(hex, 16));
      c.pos += 2 + digits;
      continue;
    }
    // Python keeps an unknown escape as written.
    out += ch + next;
    c.pos += 2;
  }
}

/** Parse `['a', "b", ...]` into its strings. Adjacent literals concatenate, as in Python. */
export function parsePythonStringList(text: string): PyListResult {
  const c = new Cursor(text);
  try {
    c.skipSpace();
    if (c.peek() !== '[') throw new SyntaxFail('a list must start with "["', c.pos);
    c.pos++;
    const values: string[] = [];
    c.skipSpace();
    while (c.peek() !== ']') {
      let value = readString(c);
      c.skipSpace();
      while (c.peek() === "'" || c.peek() === '"') {
        value += readString(c);
        c.skipSpace();
      }
      values.push(value);
      if (c.peek() === ',') {
        c.pos++;
        c.skipSpace();
        continue;
      }
      if (c.peek() !== ']') throw new SyntaxFail(`expected "," or "]", found ${JSON.stringify(c.peek() || 'end of text')}`, c.pos);
    }
    c.pos++;
    c.skipSpace();
    if (!c.done()) throw new SyntaxFail('text after the closing "]"', c.pos);
    return { ok: true, values };
  } catch (err) {
    if (err instanceof SyntaxFail) return { ok: false, error: err.message, offset: err.offset };
    throw err;
  }
}

/** Write strings as a Python list literal the way Python's repr() does (quote choice included). */
export function formatPythonStringList(values: readonly string[]): string {
  return `[${values.map(pyRepr).join(', ')}]`;
}

function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\x7f') out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}
