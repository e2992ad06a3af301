/**
 * YAML loading close to PyYAML `safe_load` (YAML 1.1 implicit types): plain scalars resolve to
 * bool (`yes`/`No`/`TRUE`/`off`…), int (`1_000`, `0x1F`, octal `017`, sexagesimal `1:30`), float (needs a
 * dot: `1.5`, `1.0e+3`, `.inf`, `.nan`; `1e3` stays a string), null (`~`, `null`, empty), timestamps
 * (date/datetime); quoted and block scalars stay strings. Mappings become ordered `Map`s (keys typed as
 * Python would), `<<` merge keys are honoured, aliases are resolved.
 */
import YAML, { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { PyFloat } from '../py';
import { constructTimestamp, YAML_TIMESTAMP_RE } from './yaml-time';

const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT_RE =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL_RE = /^(?:~|null|Null|NULL|)$/;

const TAG = 'tag:yaml.org,2002:';

function sexagesimal(body: string): number {
  let value = 0;
  for (const part of body.split(':')) value = value * 60 + Number(part);
  return value;
}

/** PyYAML `construct_yaml_int`. */
export function constructInt(text: string): number | bigint {
  let v = text.replace(/_/g, '');
  let sign = 1;
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = -1;
    v = v.slice(1);
  }
  let big: bigint;
  if (v === '0') return 0;
  if (v.startsWith('0b')) big = BigInt(v);
  else if (v.startsWith('0x')) big = BigInt(v);
  else if (v[0] === '0') big = BigInt(`0o${v.slice(1)}`);
  else if (v.includes(':')) return sign * sexagesimal(v);
  else big = BigInt(v);
  const signed = sign < 0 ? -big : big;
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed;
}

/** PyYAML `construct_yaml_float`. */
export function constructFloat(text: string): PyFloat {
  let v = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = -1;
    v = v.slice(1);
  }
  if (v === '.inf') return new PyFloat(sign * Infinity);
  if (v === '.nan') return new PyFloat(NaN);
  if (v.includes(':')) return new PyFloat(sign * sexagesimal(v));
  return new PyFloat(sign * Number(v));
}

/** The implicit type of a plain scalar, as PyYAML's resolver picks it. */
export function resolvePlain(text: string): unknown {
  if (BOOL_RE.test(text)) return ['yes', 'true', 'on'].includes(text.toLowerCase());
  if (FLOAT_RE.test(text)) return constructFloat(text);
  if (INT_RE.test(text)) return constructInt(text);
  if (NULL_RE.test(text)) return null;
  if (YAML_TIMESTAMP_RE.test(text)) return constructTimestamp(text);
  return text;
}

function scalarValue(node: YAML.Scalar): unknown {
  const text = String(node.value ?? '');
  const tag = node.tag;
  if (!tag || tag === '!') return node.type === 'PLAIN' && !tag ? resolvePlain(text) : text;
  switch (tag) {
    case `${TAG}str`:
      return text;
    case `${TAG}int`:
      return constructInt(text);
    case `${TAG}float`:
      return constructFloat(text);
    case `${TAG}bool`:
      return ['yes', 'true', 'on'].includes(text.toLowerCase());
    case `${TAG}null`:
      return null;
    case `${TAG}timestamp`:
      return constructTimestamp(text);
    default:
      throw new YamlSyntaxError(`could not determine a constructor for the tag '${tag}'`);
  }
}

class Converter {
  private readonly memo = new Map<Node, unknown>();
  constructor(private readonly doc: Document) {}

  value(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.value(node.resolve(this.doc));
    const seen = this.memo.get(node as Node);
    if (seen !== undefined) return seen;
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) {
      const out: unknown[] = [];
      this.memo.set(node, out);
      for (const item of node.items) out.push(this.value(item));
      return out;
    }
    if (isMap(node)) {
      const out = new Map<unknown, unknown>();
      this.memo.set(node, out);
      this.fillMap(node, out);
      return out;
    }
    throw new Error('unsupported YAML node');
  }

  private fillMap(node: YAML.YAMLMap, out: Map<unknown, unknown>): void {
    const own: Array<[unknown, unknown]> = [];
    const merged: Array<Map<unknown, unknown>> = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key;
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && !keyNode.tag && keyNode.value === '<<') {
        const v = this.value(pair.value);
        for (const m of Array.isArray(v) ? v : [v]) {
          if (!(m instanceof Map)) throw new Error('expected a mapping for merging');
          merged.push(m);
        }
        continue;
      }
      own.push([this.value(keyNode), this.value(pair.value)]);
    }
    // PyYAML puts merged pairs first (later merge sources first, earlier ones override), then own pairs.
    for (const m of merged.reverse()) for (const [k, v] of m) out.set(k, v);
    for (const [k, v] of own) out.set(k, v);
  }
}

/** Parses YAML text like PyYAML `safe_load`. Throws `YAML.YAMLError`-style errors with the parser's message. */
export function parsePyYaml(text: string): unknown {
  const doc = YAML.parseDocument(text, { schema: 'failsafe', uniqueKeys: false, merge: false });
  if (doc.errors.length > 0) throw new YamlSyntaxError(doc.errors[0].message);
  return new Converter(doc).value(doc.contents);
}

/** A YAML syntax error (PyYAML's `YAMLError`); other errors are construction errors. */
export class YamlSyntaxError extends Error {}
