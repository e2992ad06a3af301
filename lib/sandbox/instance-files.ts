import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteInMemory, sqliteImageOf } from './sqlite-memory';
import type { GeneratedFile } from './types';
import type { FileData } from './write';

type Entry =
  | { kind: 'text'; text: string }
  | { kind: 'sqlite'; db: Database.Database | null; image?: Uint8Array };

/**
 * A small virtual file layer over one instance's generated files: answer keys are computed before (or
 * without) the files being read back from the disk. Paths are absolute and normalised.
 */
export interface GeneratedFiles {
  /** The instance's sandbox area (`{{artifacts}}`) as generation spells it. */
  readonly area: string;
  /** A generated file, a folder holding generated files, or nothing generated there (read the disk). */
  stat(file: string): 'file' | 'dir' | undefined;
  /** The bytes of a generated file (text files as their string). */
  read(file: string): string | Uint8Array | undefined;
  /** A generated file opened as an SQLite database (query-only; owned by the layer, never closed by callers). */
  database(file: string): Database.Database | undefined;
  /** Parsed content of a generated file, loaded once per `kind` (the file cache's role for these files). */
  memo<T>(kind: string, file: string, load: () => T): T;
}

/**
 * One instance's generated files, held in memory: the virtual file layer template functions read while the
 * answer keys are computed (`GeneratedFiles`), and the bytes to write. SQLite databases stay open in memory
 * (query-only, as the read-only file would be) until `take()` serialises them.
 * A file where a generated folder is, or below a generated file, fails as the disk would.
 */
export class InstanceFiles implements GeneratedFiles {
  private readonly files = new Map<string, Entry>();
  private readonly dirs = new Set<string>();
  private readonly memos = new Map<string, unknown>();
  /** Databases opened from bytes (a text file queried as SQLite), closed with the layer. */
  private readonly opened = new Map<string, Database.Database>();

  constructor(readonly area: string) {}

  /**
   * Adds a component's files (in order; a later file of the same path replaces the earlier one). `write`, when
   * given, puts their bytes on the disk first: if it throws, nothing of the component is added. Returns the
   * absolute paths, in order.
   */
  add(files: readonly GeneratedFile[], write?: (data: FileData[]) => void): string[] {
    const staged: Array<[string, Entry]> = [];
    const parsed: Array<[string, string[][]]> = [];
    try {
      for (const f of files) {
        const abs = path.resolve(f.path);
        this.assertWritable(abs, staged);
        staged.push([abs, f.kind === 'text' ? { kind: 'text', text: f.content } : { kind: 'sqlite', db: query(openSqliteInMemory(f.tables)) }]);
        if (f.kind === 'text' && f.csvRows !== undefined) parsed.push([abs, f.csvRows]);
      }
      write?.(staged.map(([p, e]) => ({ path: p, data: bytes(e) })));
    } catch (err) {
      for (const [, e] of staged) if (e.kind === 'sqlite') e.db?.close();
      throw err;
    }
    for (const [abs, e] of staged) {
      const old = this.files.get(abs);
      if (old?.kind === 'sqlite' && old !== e) old.db?.close();
      this.forget(abs);
      this.files.set(abs, e);
      for (let d = path.dirname(abs); !this.dirs.has(d); d = path.dirname(d)) {
        this.dirs.add(d);
        if (path.dirname(d) === d) break;
      }
    }
    // A generated CSV's rows are known: the CSV reader's memo starts with them (lib/templates/csv-read.ts, kind `csv`).
    for (const [abs, rows] of parsed) if (this.files.get(abs)?.kind === 'text') this.memos.set(`csv\0${abs}`, rows);
    return staged.map(([abs]) => abs);
  }

  stat(file: string): 'file' | 'dir' | undefined {
    if (this.files.has(file)) return 'file';
    return this.dirs.has(file) ? 'dir' : undefined;
  }

  read(file: string): string | Uint8Array | undefined {
    const e = this.files.get(file);
    return e === undefined ? undefined : bytes(e);
  }

  database(file: string): Database.Database | undefined {
    const e = this.files.get(file);
    if (e === undefined) return undefined;
    if (e.kind === 'sqlite' && e.db !== null) return e.db;
    let db = this.opened.get(file);
    if (db === undefined) {
      db = new Database(Buffer.from(bytes(e)), { readonly: true });
      this.opened.set(file, db);
    }
    return db;
  }

  memo<T>(kind: string, file: string, load: () => T): T {
    const key = `${kind}\0${file}`;
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = load();
    this.memos.set(key, value);
    return value;
  }

  /** The bytes of every file (each path once, in the order first added), releasing the databases. */
  take(): FileData[] {
    const out = [...this.files].map(([p, e]) => ({ path: p, data: bytes(e) }));
    this.close();
    return out;
  }

  /** Closes every open database. */
  close(): void {
    for (const e of this.files.values()) if (e.kind === 'sqlite') e.db?.close();
    for (const db of this.opened.values()) db.close();
    this.files.clear();
    this.dirs.clear();
    this.memos.clear();
    this.opened.clear();
  }

  private forget(file: string): void {
    for (const key of [...this.memos.keys()]) if (key.endsWith(`\0${file}`)) this.memos.delete(key);
    this.opened.get(file)?.close();
    this.opened.delete(file);
  }

  /** Node's errors for writing where a folder is, or below a file. */
  private assertWritable(abs: string, staged: ReadonlyArray<[string, Entry]>): void {
    const isFile = (p: string) => this.files.has(p) || staged.some(([s]) => s === p);
    const isDir = (p: string) => this.dirs.has(p) || staged.some(([s]) => s.startsWith(`${p}${path.sep}`));
    if (isDir(abs)) throw new Error(`EISDIR: illegal operation on a directory, open '${abs}'`);
    for (let d = path.dirname(abs); path.dirname(d) !== d; d = path.dirname(d)) {
      if (isFile(d)) throw new Error(`ENOTDIR: not a directory, open '${abs}'`);
    }
  }
}

/** Answer keys only read: a statement that writes fails as on the read-only file (`attempt to write a readonly database`). */
function query(db: Database.Database | null): Database.Database | null {
  db?.pragma('query_only = ON');
  return db;
}

/** A file's bytes: its text, or its database image (empty for a database without tables). Images are made once. */
function bytes(e: Entry): string | Uint8Array {
  if (e.kind === 'text') return e.text;
  if (e.image === undefined) e.image = e.db === null ? new Uint8Array(0) : sqliteImageOf(e.db);
  return e.image;
}
