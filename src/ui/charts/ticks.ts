// Axis tick labels that fit a narrow axis: plain numbers from 0.01 to 999 (six characters at most), SI prefixes beyond
// (7.5e-5 → "75µ", 0.0019 → "1.9m", 12 345 → "12.3k"), three significant digits at most.

const PREFIXES: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
];

const sig3 = (x: number) => String(Number(x.toPrecision(3)));

/**
 * A tick label of at most six characters.
 * Examples: 0 → "0", 0.25 → "0.25", 7.5e-5 → "75µ", -0.0019 → "-1.9m", 12345 → "12.3k", 3e-15 → "3e-15".
 */
export function siTick(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  const plain = sig3(v);
  if (a >= 0.01 && a < 999.5 && plain.length <= 6) return plain;
  if (a < 1) {
    for (const [scale, prefix] of PREFIXES) if (scale < 1 && a >= scale * 0.9995) return `${sig3(v / scale)}${prefix}`;
  } else {
    for (const [scale, prefix] of PREFIXES) if (scale >= 1e3 && a >= scale * 0.9995) return `${sig3(v / scale)}${prefix}`;
  }
  return v.toExponential(0).replace('+', '');
}
