import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Tags } from 'yaml';

/** A path into the parsed YAML: mapping keys and sequence indices. */
export type YamlPath = ReadonlyArray<PropertyKey>;

/** A parsed YAML document plus what is needed to turn node offsets into 1-based lines and columns. */
export interface YamlSource {
  doc: Document;
  lines: LineCounter;
}

/** A position in the source, 1-based. */
export interface SourcePos {
  line: number;
  column: number;
}

/** A syntax problem reported by the YAML parser. */
export interface YamlProblem extends SourcePos {
  message: string;
}

const BOOL = 'tag:yaml.org,2002:bool';
const FLOAT = 'tag:yaml.org,2002:float';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';

/**
 * The YAML 1.1 tag set adjusted to resolve plain scalars the way PyYAML `safe_load` does, so a file means the
 * same here as in the reference: booleans are yes/no/on/off/true/false (not y/n), floats need a dot (`1e3`
 * stays a string), and dates stay strings (PyYAML makes `date` objects, which print the same text).
 */
function pyYamlTags(tags: Tags): Tags {
  return tags
    .filter((t) => typeof t === 'string' || t.tag !== TIMESTAMP)
    .map((t) => {
      if (typeof t === 'string' || !('test' in t) || !t.test) return t;
      if (t.tag === BOOL) {
        const isTrue = t.identify?.(true) ?? false;
        return { ...t, test: isTrue ? /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/ : /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/ };
      }
      if (t.tag === FLOAT && t.format === 'EXP') return { ...t, test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)[eE][-+][0-9]+$/ };
      // The plain float tag (not the .inf/.nan one, which also has no format).
      if (t.tag === FLOAT && !t.format && !t.test.test('.inf')) return { ...t, test: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)$/ };
      return t;
    });
}

/** First line of a yaml error message, without the "at line X, column Y:" suffix (the position is reported separately). */
function shortMessage(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Parses YAML keeping node ranges. Syntax errors are returned (all of them), not thrown. */
export function parseYamlSource(text: string): { source: YamlSource; errors: YamlProblem[]; warnings: YamlProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, version: '1.1', customTags: pyYamlTags, prettyErrors: true });
  const toProblem = (e: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): YamlProblem => ({
    line: e.linePos?.[0].line ?? 1,
    column: e.linePos?.[0].col ?? 1,
    message: shortMessage(e.message),
  });
  return { source: { doc, lines }, errors: doc.errors.map(toProblem), warnings: doc.warnings.map(toProblem) };
}

/** `tests[3].sandbox_setup.components[1].name`; keys that are not identifiers are written `["a b"]`. */
export function formatPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

type AnyNode = { range?: [number, number, number] | null } | null | undefined;

/** Child of a mapping/sequence node, following aliases; `keyNode` is set for mapping entries. */
function childOf(src: YamlSource, node: unknown, seg: PropertyKey): { value: AnyNode; keyNode?: AnyNode } | null {
  const target = isAlias(node) ? node.resolve(src.doc) : node;
  if (isSeq(target) && typeof seg === 'number') {
    const item = target.items[seg];
    return item === undefined ? null : { value: item as AnyNode };
  }
  if (isMap(target)) {
    const pair = target.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
    return pair ? { value: pair.value as AnyNode, keyNode: pair.key as AnyNode } : null;
  }
  return null;
}

function posOf(src: YamlSource, node: AnyNode): SourcePos | null {
  const offset = node?.range?.[0];
  if (offset === undefined) return null;
  const { line, col } = src.lines.linePos(offset);
  return { line, column: col };
}

/**
 * Position of the node at `path`. When the path does not exist (a missing key), the position of the deepest
 * existing ancestor, i.e. the mapping that lacks the key. `at: 'key'` points at the key of the last mapping entry.
 */
export function locate(src: YamlSource, path: YamlPath, at: 'value' | 'key' = 'value'): SourcePos {
  let node: unknown = src.doc.contents;
  let pos = posOf(src, node as AnyNode) ?? { line: 1, column: 1 };
  for (let i = 0; i < path.length; i++) {
    const child = childOf(src, node, path[i]);
    if (!child) break;
    const last = i === path.length - 1;
    const chosen = last && at === 'key' && child.keyNode ? child.keyNode : (child.value ?? child.keyNode);
    pos = posOf(src, chosen) ?? posOf(src, child.keyNode) ?? pos;
    node = child.value;
  }
  return pos;
}
