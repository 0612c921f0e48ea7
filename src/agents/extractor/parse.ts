// The Extractor's output parser: memory lines, one per `- ` line. Never throws.
// An output with no lines parses to [] with formatOk false, and so scores 0.

import { splitLines } from '../lines';
import type { Parsed } from '../parsed';

/**
 * Example: `"- likes green tea\n- moved to Oslo"` → value ["likes green tea", "moved to Oslo"], formatOk true.
 * Lines without a bullet are kept (they still carry memory) but make formatOk false.
 */
export function parseExtractor(text: string): Parsed<string[]> {
  const { lines, bulleted } = splitLines(text);
  const problems: string[] = [];
  if (lines.length === 0) problems.push('no memory lines');
  else if (bulleted < lines.length) problems.push(`${lines.length - bulleted} of ${lines.length} lines do not start with "- "`);
  return { value: lines, formatOk: problems.length === 0, problems };
}
