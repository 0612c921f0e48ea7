// Splitting model output into lines: bullets and numbering stripped, blank lines dropped.
// Shared by the extractor's memory lines, the profiler's facts and the retriever's evidence.

const BULLET = /^\s*(?:[-*•·]|\d{1,3}[.)]|\(\d{1,3}\))\s+/;

export interface SplitLines {
  /** Non-empty lines with their bullet removed and whitespace trimmed. */
  lines: string[];
  /** How many of those lines had a bullet (`- `, `* `, `• `, `1. `, `1) `, `(1) `). */
  bulleted: number;
}

/**
 * Example: `"- likes tea\n\n2. works nights\nplain"` → lines ["likes tea", "works nights", "plain"], bulleted 2.
 * A bullet with nothing after it is dropped.
 */
export function splitLines(text: string): SplitLines {
  const lines: string[] = [];
  let bulleted = 0;
  for (const raw of text.split(/\r?\n/)) {
    const hasBullet = BULLET.test(raw);
    const line = raw.replace(BULLET, '').trim();
    if (line === '' || /^[-*•·]$/.test(line)) continue;
    lines.push(line);
    if (hasBullet) bulleted += 1;
  }
  return { lines, bulleted };
}

/** The text between the last `<tag>` and the `</tag>` after it (case-insensitive), or null if there is none. */
export function lastTagged(text: string, tag: string): string | null {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'gi');
  let found: string | null = null;
  for (const m of text.matchAll(re)) found = m[1];
  return found;
}
