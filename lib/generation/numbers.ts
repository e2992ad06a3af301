import { pyFloatStr, pyRound } from '../py';
import type { Rng } from '../util/rng';

/**
 * `{{numberN:min:max:type}}` values (spec §3.3). The string forms follow Python (`str(round(x, 2))`,
 * half-even rounding) because the values end up inside expected answers compared as text.
 */

/** Number types accepted after `{{numberN:min:max:`; `integer` is the default. */
export const NUMBER_TYPES = Object.freeze([
  'integer',
  'currency',
  'decimal',
  'percentage',
  'round_hundreds',
  'round_thousands',
  'round_ten_thousands',
  'round_500',
  'round_250',
] as const);

/** A known number type name. */
export type NumberType = (typeof NUMBER_TYPES)[number];

/** True when `type` is one of `NUMBER_TYPES`. */
export function isNumberType(type: string): type is NumberType {
  return (NUMBER_TYPES as readonly string[]).includes(type);
}

/** Types whose value is an extra uniform draw instead of the integer base. */
function usesUniform(type: NumberType): boolean {
  return type === 'decimal' || type === 'percentage';
}

/** Python `int(round(base / step))` * step, half-even. */
function roundToStep(base: number, step: number): number {
  return pyRound(base / step) * step;
}

/**
 * String form of a number variable from its drawn values: `base` is the integer `randint(min, max)`
 * and `uniformValue` the extra `uniform(min, max)` draw (only used by `decimal` / `percentage`).
 * Pure, so the conformance cases (C35-C37) can be checked without the rng.
 */
export function formatNumber(type: NumberType, base: number, uniformValue: number): string {
  switch (type) {
    case 'integer':
    case 'currency':
      return String(base);
    case 'decimal':
      return pyFloatStr(pyRound(uniformValue, 2));
    case 'percentage':
      return pyFloatStr(pyRound(uniformValue, 1));
    case 'round_hundreds':
      return String(pyRound(base, -2));
    case 'round_thousands':
      return String(pyRound(base, -3));
    case 'round_ten_thousands':
      return String(pyRound(base, -4));
    case 'round_500':
      return String(roundToStep(base, 500));
    case 'round_250':
      return String(roundToStep(base, 250));
  }
}

/**
 * Draw a number variable. Like the reference, the integer base is always drawn first (so `decimal`
 * costs two draws). Callers validate `min <= max` and the type; this throws RangeError otherwise.
 */
export function generateNumber(rng: Rng, min: number, max: number, type: NumberType): string {
  const base = rng.int(min, max);
  const uniformValue = usesUniform(type) ? rng.uniform(min, max) : 0;
  return formatNumber(type, base, uniformValue);
}
