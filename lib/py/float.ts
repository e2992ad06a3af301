/** A Python float: the value of a JS number that must be written as a float (`75.0`, not `75`). */

/** Python `str(float)` / `repr(float)`: shortest round-trip digits, `.0` on integral values, exponent below 1e-4 and from 1e16. */
export function pyFloatStr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    // JS gives e.g. "1e-5" / "1.5e+16"; Python gives "1e-05" / "1.5e+16".
    const [mant, exp] = x.toExponential().split('e');
    const sign = exp[0] === '-' ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '');
    return `${mant}e${sign}${digits.padStart(2, '0')}`;
  }
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

/**
 * A number that must be written as a Python float (`75.0`, not `75`): floats parsed from JSON/YAML text, and
 * floats the generators produce. `pyJsonDumps`/`pyStr` write it as Python does; `JSON.stringify` as a number
 * (`null` when not finite, as `JSON.stringify` does for numbers).
 */
export class PyFloat {
  constructor(readonly value: number) {}

  toJSON(): number | null {
    return Number.isFinite(this.value) ? this.value : null;
  }
}
