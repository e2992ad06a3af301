import { PyFloat, pyRound2, pyStr, pyTruthy } from '../py';
import { isRecord } from '../util/is-record';
import { getOr, toPyInt, type PyValue } from './py-values';
import type { GeneratorContext } from './types';

/**
 * The schema language of `create_json` / `create_yaml` (spec §5.7), shared in part by `create_xml`.
 * Faithful to the reference, quirks included:
 * - a record with a `type` key is a typed value, so a field literally named `type` turns its whole
 *   parent into one value (`{name: product, type: category}` → `"Home & Garden"`);
 * - a string leaf is a semantic type name, so a literal like `"Hello World"` becomes lorem words;
 * - other scalars and lists are copied verbatim; `enum` is ignored.
 */

/** The default document when `schema` is missing or empty. */
export function defaultDocument(ctx: GeneratorContext): Record<string, PyValue> {
  return { message: ctx.data.field('lorem_words'), timestamp: ctx.data.field('date'), id: ctx.data.field('id') };
}

/** `_generate_from_schema`: one schema node → one value. */
export function generateFromSchema(schema: unknown, ctx: GeneratorContext): PyValue {
  if (isRecord(schema)) {
    if (Object.prototype.hasOwnProperty.call(schema, 'type')) return generateTyped(schema, ctx);
    const out: Record<string, PyValue> = {};
    for (const [key, sub] of Object.entries(schema)) out[key] = generateFromSchema(sub, ctx);
    return out;
  }
  if (typeof schema === 'string') return ctx.data.field(schema);
  return verbatim(schema);
}

/** Copies a non-record, non-string schema value as data (lists may still contain records: copied too). */
function verbatim(v: unknown): PyValue {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(verbatim);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, verbatim(x)]));
  return v as PyValue;
}

/** A typed node's scalar value (`string`, `number`, `integer`, `boolean`, `null`, semantic type). */
export function generateSimple(schema: Record<string, unknown>, ctx: GeneratorContext): PyValue {
  const type = schema.type;
  switch (type) {
    case 'string':
      return generateString(schema, ctx);
    case 'number': {
      const lo = toNumber(getOr(schema, 'minimum', 0), 'minimum');
      const hi = toNumber(getOr(schema, 'maximum', 1000), 'maximum');
      return new PyFloat(pyRound2(ctx.rng.uniform(lo, hi)));
    }
    case 'integer':
      return ctx.rng.int(toPyInt(getOr(schema, 'minimum', 1), 'minimum'), toPyInt(getOr(schema, 'maximum', 1000), 'maximum'));
    case 'boolean':
      return ctx.rng.choice([true, false]);
    case 'null':
      return null;
    default:
      return ctx.data.field(pyStr(type));
  }
}

function generateTyped(schema: Record<string, unknown>, ctx: GeneratorContext): PyValue {
  if (schema.type === 'array') {
    const items = getOr(schema, 'items', 'lorem_words');
    return Array.from({ length: arrayCount(schema, ctx) }, () => generateFromSchema(items, ctx));
  }
  if (schema.type === 'object') return generateObject(schema, ctx);
  return generateSimple(schema, ctx);
}

/** `count`: an int, an int-like string, or a `[min, max]` range drawn uniformly. */
export function arrayCount(schema: Record<string, unknown>, ctx: GeneratorContext): number {
  const spec = getOr(schema, 'count', 5);
  if (Array.isArray(spec) && spec.length === 2) return ctx.rng.int(toPyInt(spec[0], 'count'), toPyInt(spec[1], 'count'));
  return Math.max(0, toPyInt(spec, 'count'));
}

function generateObject(schema: Record<string, unknown>, ctx: GeneratorContext): Record<string, PyValue> {
  const out: Record<string, PyValue> = {};
  const props = getOr(schema, 'properties', {});
  if (isRecord(props)) {
    for (const [key, sub] of Object.entries(props)) out[key] = generateFromSchema(sub, ctx);
  }
  const additional = getOr(schema, 'additional_properties', null);
  if (pyTruthy(additional)) {
    const n = ctx.rng.int(0, 3);
    for (let i = 0; i < n; i++) out[`extra_${i}`] = generateFromSchema(additional, ctx);
  }
  return out;
}

/** Lorem words until `min_length` is reached (each word counts +1), cut to `max_length`; or `pattern`. */
function generateString(schema: Record<string, unknown>, ctx: GeneratorContext): string {
  const pattern = getOr(schema, 'pattern', null);
  if (pyTruthy(pattern)) return ctx.data.field(pyStr(pattern));
  const min = toPyInt(getOr(schema, 'min_length', 1), 'min_length');
  const max = toPyInt(getOr(schema, 'max_length', 50), 'max_length');
  const words: string[] = [];
  let length = 0;
  while (length < min) {
    const word = ctx.data.lorem.word();
    words.push(word);
    length += word.length + 1;
    if (length > max) break;
  }
  const text = words.join(' ');
  return text.length > max ? text.slice(0, Math.max(0, max)) : text;
}

function toNumber(v: unknown, label: string): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new Error(`Invalid ${label} value: ${pyStr(v)}. Must be a number.`);
}
