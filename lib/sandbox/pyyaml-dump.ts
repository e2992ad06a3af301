import { PyFloat, pyFloatStr } from '../py';
import { isRecord } from '../util/is-record';
import { type PyValue } from './py-values';
import { Sink, chooseStyle, writeDoubleQuoted, writePlain, writeSingleQuoted } from './pyyaml-scalar';

/**
 * `yaml.dump(value, default_flow_style=False, indent=2, allow_unicode=True, sort_keys=False)` as PyYAML 6
 * writes it, for the value kinds the schema language produces: block mappings and sequences (a sequence
 * under a key is not indented), `{}` / `[]` for empty collections, `null`, `true`/`false`, Python float
 * text (`5.0`, `1.0e+16`, `.inf`), strings quoted only when they would load back as another type.
 *
 * Not covered (never produced by the generators): keys of 128+ characters or with line breaks (PyYAML's
 * `? key` complex-key form) and folding of double-quoted strings.
 */
export function pyYamlDump(value: PyValue): string {
  const out = new Sink();
  if (isCollection(value) && !isEmpty(value)) {
    if (Array.isArray(value)) emitSequence(out, value, 0);
    else emitMapping(out, value as Record<string, PyValue>, 0);
    out.write('\n');
    return out.text;
  }
  // Root scalars: PyYAML indents folded lines by 2 and closes an open-ended plain scalar with `...`.
  const style = emitScalar(out, value, 2, false);
  out.write(style === 'plain' && !isCollection(value) ? '\n...\n' : '\n');
  return out.text;
}

function isCollection(v: PyValue): v is PyValue[] | { [key: string]: PyValue } {
  return Array.isArray(v) || isRecord(v);
}

function isEmpty(v: PyValue[] | { [key: string]: PyValue }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

/** Text of a non-string scalar, as PyYAML's representer writes it. */
function scalarText(v: PyValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof PyFloat) return floatText(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatText(v);
  return String(v);
}

/** PyYAML `represent_float`: `repr(x).lower()`, with `.0` inserted before a bare exponent. */
function floatText(x: number): string {
  if (Number.isNaN(x)) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  const text = pyFloatStr(x).toLowerCase();
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text;
}

/** Writes a scalar (or an empty collection in flow style); returns the style used. */
function emitScalar(out: Sink, v: PyValue, indent: number, simpleKey: boolean): string {
  if (Array.isArray(v)) return out.write('[]'), 'flow';
  if (isRecord(v)) return out.write('{}'), 'flow';
  if (typeof v !== 'string') {
    out.write(scalarText(v));
    return 'plain';
  }
  const style = chooseStyle(v, simpleKey);
  if (style === 'plain') writePlain(out, v, indent, !simpleKey);
  else if (style === 'single') writeSingleQuoted(out, v, indent, !simpleKey);
  else writeDoubleQuoted(out, v);
  return style;
}

/** Block mapping whose first key is written at the current position, later keys at `indent`. */
function emitMapping(out: Sink, map: Record<string, PyValue>, indent: number): void {
  let first = true;
  for (const [key, value] of Object.entries(map)) {
    if (!first) out.indent(indent);
    first = false;
    emitScalar(out, key, indent, true);
    out.write(':');
    emitValue(out, value, indent, true);
  }
}

/** Block sequence whose first `-` is written at the current position, later ones at `indent`. */
function emitSequence(out: Sink, items: PyValue[], indent: number): void {
  items.forEach((item, i) => {
    if (i > 0) out.indent(indent);
    out.write('-');
    emitValue(out, item, indent, false);
  });
}

/** The value after `key:` or `-`. Sequences under a key stay at the key's indent (PyYAML indentless). */
function emitValue(out: Sink, value: PyValue, indent: number, inMapping: boolean): void {
  if (isCollection(value) && !isEmpty(value)) {
    if (Array.isArray(value)) {
      if (inMapping) {
        out.indent(indent);
        emitSequence(out, value, indent);
      } else {
        out.write(' ');
        emitSequence(out, value, indent + 2);
      }
    } else if (inMapping) {
      out.indent(indent + 2);
      emitMapping(out, value as Record<string, PyValue>, indent + 2);
    } else {
      out.write(' ');
      emitMapping(out, value as Record<string, PyValue>, indent + 2);
    }
    return;
  }
  out.write(' ');
  emitScalar(out, value, indent + 2, false);
}
