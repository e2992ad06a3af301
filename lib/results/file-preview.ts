import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { resolveInside, viewSandbox } from './sandbox-view';
import { parseCsv, prettyXml } from './text-formats';

/** How a sandbox file is shown in the debugger (the body of `GET /api/runs/<runId>/preview`). */
export type FilePreview =
  | { kind: 'table'; rel: string; columns: string[]; rows: string[][]; totalRows: number }
  | { kind: 'sqlite'; rel: string; tables: Array<{ name: string; columns: string[]; rows: unknown[][]; totalRows: number }> }
  | { kind: 'text'; rel: string; format: 'json' | 'yaml' | 'xml' | 'text'; text: string; truncated: boolean }
  | { kind: 'binary'; rel: string; size: number }
  | { kind: 'missing'; rel: string };

const MAX_ROWS = 200;

/** Previews one sandbox file (confined to `root`): CSV as a table, SQLite tables, JSON/YAML/XML pretty. */
export function previewFile(root: string, rel: string): FilePreview | null {
  const target = resolveInside(root, rel.replace(/^\/+/, ''));
  if (target === null) return null;
  if (!existsSync(target) || !lstatSync(target).isFile()) return { kind: 'missing', rel };
  const ext = path.extname(target).toLowerCase();
  if (ext === '.db' || ext === '.sqlite' || ext === '.sqlite3') return sqlitePreview(target, rel);
  const view = viewSandbox(root, rel);
  if (!view || view.kind !== 'file') return { kind: 'missing', rel };
  if (view.text === null) return { kind: 'binary', rel, size: view.size };
  if (ext === '.csv' && !view.truncated) {
    const [columns = [], ...rows] = parseCsv(view.text);
    return { kind: 'table', rel, columns, rows: rows.slice(0, MAX_ROWS), totalRows: rows.length };
  }
  return { kind: 'text', rel, ...pretty(ext, view.text, view.truncated), truncated: view.truncated };
}

function pretty(ext: string, text: string, truncated: boolean): { format: 'json' | 'yaml' | 'xml' | 'text'; text: string } {
  if (truncated) return { format: 'text', text };
  try {
    if (ext === '.json') return { format: 'json', text: JSON.stringify(JSON.parse(text), null, 2) };
    if (ext === '.yaml' || ext === '.yml') return { format: 'yaml', text: stringifyYaml(parseYaml(text)) };
    if (ext === '.xml') return { format: 'xml', text: prettyXml(text) };
  } catch {
    // Not valid in its own format (the agent may have written garbage): show it as it is.
  }
  return { format: 'text', text };
}

function sqlitePreview(file: string, rel: string): FilePreview {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
    const tables = names.map(({ name }) => {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const stmt = db.prepare(`SELECT * FROM ${quoted} LIMIT ${MAX_ROWS}`).raw(true);
      const columns = stmt.columns().map((c) => c.name);
      const rows = stmt.all() as unknown[][];
      const { n } = db.prepare(`SELECT count(*) AS n FROM ${quoted}`).get() as { n: number };
      return { name, columns, rows, totalRows: n };
    });
    return { kind: 'sqlite', rel, tables };
  } finally {
    db.close();
  }
}
