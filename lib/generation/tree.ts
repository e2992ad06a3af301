/**
 * `{{expected_structure}}` rendering (spec §3.5): the reference's line-by-line tree algorithm,
 * reproduced exactly (including the extra indent level that `{{artifacts}}/x/` paths get), because the
 * rendered tree is part of the question text shown to the model.
 */

interface TreeEntry {
  /** The path with every trailing `/` removed, split on `/`. */
  parts: string[];
  depth: number;
  /** Parent path (all parts but the last, joined). */
  parent: string;
}

/** Python `str.rstrip('/')`. */
function stripTrailingSlashes(p: string): string {
  let end = p.length;
  while (end > 0 && p[end - 1] === '/') end--;
  return p.slice(0, end);
}

/** Python's default string order (code points), which differs from UTF-16 order only for astral chars. */
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const d = (ca[i].codePointAt(0) ?? 0) - (cb[i].codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function toEntry(p: string): TreeEntry {
  const parts = stripTrailingSlashes(p).split('/');
  const slashes = p.split('/').length - 1;
  return { parts, depth: slashes - (p.endsWith('/') ? 1 : 0), parent: parts.slice(0, -1).join('/') };
}

/** `└── ` unless a later path at the same depth has the same parent, stopping at the first shallower one. */
function connectorFor(entries: TreeEntry[], i: number): string {
  const me = entries[i];
  for (let j = i + 1; j < entries.length; j++) {
    const next = entries[j];
    if (next.depth === me.depth && next.parent === me.parent) return '├── ';
    if (next.depth < me.depth) break;
  }
  return '└── ';
}

/** One `│   ` or four spaces per ancestor level: a bar when a later path branches off at that level. */
function prefixFor(entries: TreeEntry[], i: number): string {
  const me = entries[i];
  let prefix = '';
  for (let d = 0; d < me.depth; d++) {
    const ancestor = me.parts.slice(0, d + 1).join('/');
    const above = me.parts.slice(0, d).join('/');
    let bar = false;
    for (let j = i + 1; j < entries.length && !bar; j++) {
      const check = entries[j].parts;
      if (check.length > d && check.slice(0, d + 1).join('/') !== ancestor && check.slice(0, d).join('/') === above) {
        bar = true;
      }
    }
    prefix += bar ? '│   ' : '    ';
  }
  return prefix;
}

/**
 * Render paths (directories end with `/`) as a tree, one line per path, joined by `\n`; `""` for none.
 * Paths are sorted first, like the reference; they are not deduplicated or completed with missing parents.
 */
export function renderDirectoryTree(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const sorted = [...paths].sort(compareCodePoints);
  const entries = sorted.map(toEntry);
  return sorted
    .map((p, i) => {
      const name = p.endsWith('/') ? `${entries[i].parts[entries[i].parts.length - 1]}/` : entries[i].parts[entries[i].parts.length - 1];
      return `${prefixFor(entries, i)}${connectorFor(entries, i)}${name}`;
    })
    .join('\n');
}

/** The text that replaces `{{expected_structure}}`: the tree inside a fenced block, preceded by a newline. */
export function expectedStructureBlock(paths: readonly string[]): string {
  return `\n\`\`\`\n${renderDirectoryTree(paths)}\n\`\`\``;
}
