// Number formatting shared by the stepper's views: three decimals, NaN shown as an undefined reward.

/** Example: 0.45 → "0.450"; NaN → "undefined (NaN)". */
export function fmt(x: number): string {
  return Number.isNaN(x) ? 'undefined (NaN)' : x.toFixed(3);
}

/** The exact value for a `data-value` attribute, so tests compare full precision. */
export function exact(x: number): string {
  return String(x);
}
