import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createToolset, runTool, toOpenAITools } from './index';
import type { ToolContext } from './types';

let base: string;
let root: string;
let ctx: ToolContext;
const tools = createToolset({ allowExec: true });
const call = (name: string, args: unknown) => runTool(tools, name, JSON.stringify(args), ctx);
const file = (rel: string) => path.join(root, rel);

beforeEach(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-')));
  root = path.join(base, 'sandbox');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.mkdirSync(path.join(base, 'outside'));
  fs.writeFileSync(path.join(base, 'outside', 'secret.txt'), 'top secret\n');
  fs.writeFileSync(file('a.txt'), 'alpha\nbeta\ngamma\n');
  fs.writeFileSync(file('sub/b.csv'), 'id,name\n1,Picard\n2,Riker\n');
  fs.symlinkSync(path.join(base, 'outside'), file('escape'));
  ctx = { root, signal: new AbortController().signal };
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

describe('toolset', () => {
  it('offers exec tools only when allowed', () => {
    const names = createToolset().map((t) => t.name);
    expect(names).toContain('read_file');
    expect(names).not.toContain('python_execute_code');
    expect(createToolset({ allowExec: true }).map((t) => t.name)).toContain('shell_execute');
    expect(toOpenAITools(createToolset())[0]).toMatchObject({ type: 'function', function: { name: 'read_file' } });
  });
  it.each([
    ['unknown tool', 'nope', '{}', /^Error: unknown tool 'nope'\. Available tools: read_file/],
    ['bad JSON', 'read_file', '{"path":', /^Error: invalid JSON arguments for read_file/],
    ['array args', 'read_file', '[1]', /expected a JSON object/],
    ['missing required', 'read_file', '{}', /missing required path/],
    ['unknown key', 'read_file', '{"path":"a.txt","file":"x"}', /unknown file \(allowed: path/],
    ['wrong type', 'read_file', '{"path":3}', /argument 'path' must be a string/],
    ['escape', 'read_file', '{"path":"../outside/secret.txt"}', /outside the sandbox/],
  ])('never throws: %s', async (_n, name, args, re) => {
    const r = await runTool(tools, name, args, ctx);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(re);
  });
  it('flags denied paths', async () => {
    expect((await call('read_file', { path: 'escape/secret.txt' })).denied).toBe(true);
    expect((await call('read_file', { path: 'missing.txt' })).denied).toBeUndefined();
  });
});

describe('file tools', () => {
  it.each([
    [{ path: 'a.txt' }, 'alpha\nbeta\ngamma\n'],
    [{ path: 'a.txt', start_line: 2, end_line: 2 }, 'beta'],
    [{ path: 'a.txt', show_line_numbers: true, end_line: 2 }, '     1  alpha\n     2  beta'],
    [{ path: 'a.txt', show_repr: true, start_line: 3 }, '"gamma"'],
  ])('read_file %j', async (args, expected) => {
    const abs = { ...args, path: file(args.path) }; // absolute paths inside the sandbox work as well
    expect(await call('read_file', args)).toEqual({ ok: true, output: expected });
    expect((await call('read_file', abs)).output).toBe(expected);
  });
  it('read_file refuses directories and non-UTF-8', async () => {
    fs.writeFileSync(file('bin.dat'), Buffer.from([0xff, 0xfe, 0x00]));
    expect((await call('read_file', { path: 'sub' })).output).toBe('Error: not a file: sub');
    expect((await call('read_file', { path: 'bin.dat' })).output).toMatch(/unable to decode file as UTF-8/);
  });
  it('write_file writes, overwrites, needs the parent, refuses escapes', async () => {
    expect(await call('write_file', { path: 'out.txt', content: 'one' })).toEqual({ ok: true, output: `File written successfully: ${file('out.txt')}` });
    await call('write_file', { path: file('out.txt'), content: 'two' });
    expect(fs.readFileSync(file('out.txt'), 'utf8')).toBe('two');
    expect((await call('write_file', { path: 'no/dir/x.txt', content: 'x' })).output).toMatch(/no such file or directory/);
    expect((await call('write_file', { path: 'escape/pwn.txt', content: 'x' })).output).toMatch(/outside the sandbox/);
    expect(fs.existsSync(path.join(base, 'outside', 'pwn.txt'))).toBe(false);
    expect(fs.readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  it('append_file appends and creates', async () => {
    await call('append_file', { path: 'log.txt', content: 'a' });
    expect((await call('append_file', { path: 'log.txt', content: 'b' })).output).toBe(`Content appended successfully to: ${file('log.txt')}`);
    expect(fs.readFileSync(file('log.txt'), 'utf8')).toBe('ab');
  });
  it('create_directory and list_directory', async () => {
    expect((await call('create_directory', { path: 'x/y/z' })).output).toBe(`Directory created successfully: ${file('x/y/z')}`);
    expect((await call('list_directory', {})).output).toBe(`Contents of directory '${root}': a.txt, escape, sub/, x/`);
    expect((await call('list_directory', { path: 'x/y/z' })).output).toBe(`Contents of directory '${file('x/y/z')}': (empty)`);
    expect((await call('list_directory', { path: 'a.txt' })).output).toBe('Error: not a directory: a.txt');
  });
  it('create_directory, write_file and read_file on what is already there (the confinement check\'s lstat reused)', async () => {
    for (const known of [undefined, root]) {
      ctx = { root, realRoot: known, signal: new AbortController().signal };
      expect((await call('create_directory', { path: 'sub' })).output).toBe(`Directory created successfully: ${file('sub')}`);
      expect(fs.readdirSync(file('sub'))).toEqual(['b.csv']);
      const onFile = await call('create_directory', { path: 'a.txt' });
      expect(onFile.ok).toBe(false);
      expect(onFile.output).toMatch(/^Error: .*a\.txt/);
      expect(fs.readFileSync(file('a.txt'), 'utf8')).toBe('alpha\nbeta\ngamma\n');
      expect((await call('write_file', { path: 'sub', content: 'x' })).output).toBe('Error: is a directory: sub');
      expect((await call('write_file', { path: 'a.txt', content: 'new' })).ok).toBe(true);
      expect((await call('read_file', { path: 'a.txt' })).output).toBe('new');
      fs.writeFileSync(file('a.txt'), 'alpha\nbeta\ngamma\n');
      expect((await call('read_file', { path: 'sub/nope.txt' })).output).toMatch(/^Error: .*sub\/nope\.txt/);
      expect((await call('read_file', { path: 'sub' })).output).toBe('Error: not a file: sub');
    }
  });
  it('write_file creates a new file in place and replaces a symlink (dangling or not) without following it', async () => {
    expect((await call('write_file', { path: 'sub/new.txt', content: 'n' })).output).toBe(`File written successfully: ${file('sub/new.txt')}`);
    expect(fs.readFileSync(file('sub/new.txt'), 'utf8')).toBe('n');
    fs.symlinkSync(file('sub/not-yet.txt'), file('dangling.txt'));
    fs.symlinkSync(file('a.txt'), file('inner.txt'));
    for (const link of ['dangling.txt', 'inner.txt']) {
      expect((await call('write_file', { path: link, content: link })).ok).toBe(true);
      expect(fs.lstatSync(file(link)).isFile()).toBe(true);
      expect(fs.readFileSync(file(link), 'utf8')).toBe(link);
    }
    expect(fs.existsSync(file('sub/not-yet.txt'))).toBe(false);
    expect(fs.readFileSync(file('a.txt'), 'utf8')).toBe('alpha\nbeta\ngamma\n');
    expect(fs.readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  it('write_file does the same with the root\'s realpath known (new files made in place without an lstat of their name)', async () => {
    fs.mkdirSync(file('inner-dir'));
    fs.symlinkSync(file('inner-dir'), file('linked-dir'));
    const cases: Array<[string, string]> = [
      ['fresh.txt', 'new file at the root'],
      ['sub/fresh.txt', 'new file in a folder'],
      ['a.txt', 'existing file: replaced'],
      ['sub', 'a folder'],
      ['dangling.txt', 'dangling symlink: replaced, not followed'],
      ['inner.txt', 'symlink inside: replaced'],
      ['out.txt', 'symlink out: replaced, not followed'],
      ['escape/pwn.txt', 'through a symlinked folder out'],
      ['linked-dir/ok.txt', 'through a symlinked folder inside'],
      ['no/dir/x.txt', 'missing parent'],
      ['a.txt/x.txt', 'a file as the parent'],
      ['../outside/pwn2.txt', '.. escape'],
      ['.', 'the root'],
      ['sub/', 'a trailing slash'],
    ];
    const run = async (known: string | undefined) => {
      fs.rmSync(file('fresh.txt'), { force: true });
      fs.rmSync(file('sub/fresh.txt'), { force: true });
      fs.rmSync(file('inner-dir/ok.txt'), { force: true });
      for (const l of ['dangling.txt', 'inner.txt', 'out.txt']) fs.rmSync(file(l), { force: true });
      fs.symlinkSync(file('sub/not-yet.txt'), file('dangling.txt'));
      fs.symlinkSync(file('sub/b.csv'), file('inner.txt'));
      fs.symlinkSync(path.join(base, 'outside', 'secret.txt'), file('out.txt'));
      fs.writeFileSync(file('a.txt'), 'alpha\n');
      ctx = { root, realRoot: known, signal: new AbortController().signal };
      const seen: Array<[string, string, string]> = [];
      for (const [p, what] of cases) seen.push([what, (await call('write_file', { path: p, content: p })).output, fs.existsSync(file(p)) ? String(fs.lstatSync(file(p)).isSymbolicLink()) : 'missing']);
      return seen;
    };
    const slow = await run(undefined);
    const fast = await run(root);
    expect(fast).toEqual(slow);
    expect(fast[0][1]).toBe(`File written successfully: ${file('fresh.txt')}`);
    expect(fast[7][1]).toMatch(/outside the sandbox/);
    expect(fast[8][1]).toBe(`File written successfully: ${file('inner-dir/ok.txt')}`);
    expect(fs.readFileSync(path.join(base, 'outside', 'secret.txt'), 'utf8')).toBe('top secret\n');
    expect(fs.existsSync(path.join(base, 'outside', 'pwn.txt'))).toBe(false);
    expect(fs.existsSync(path.join(base, 'outside', 'pwn2.txt'))).toBe(false);
    expect(fs.existsSync(file('sub/not-yet.txt'))).toBe(false);
    expect(fs.readFileSync(file('sub/b.csv'), 'utf8')).toBe('id,name\n1,Picard\n2,Riker\n');
    expect(fs.readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  it('remove_file and remove_directory', async () => {
    expect((await call('remove_file', { path: 'sub' })).output).toMatch(/is a directory/);
    expect((await call('remove_file', { path: 'a.txt' })).ok).toBe(true);
    expect(fs.existsSync(file('a.txt'))).toBe(false);
    expect((await call('remove_directory', { path: '.' })).output).toMatch(/refusing to remove the sandbox root/);
    expect((await call('remove_directory', { path: 'sub' })).output).toBe(`Directory removed successfully: ${file('sub')}`);
    expect(fs.existsSync(file('sub'))).toBe(false);
  });
  it('remove_file on an inner symlink deletes the link, not the target', async () => {
    fs.symlinkSync(file('sub/b.csv'), file('link.csv'));
    expect((await call('remove_file', { path: 'link.csv' })).ok).toBe(true);
    expect(fs.existsSync(file('sub/b.csv'))).toBe(true);
  });
  it('copy_file and move_file', async () => {
    expect((await call('copy_file', { source: 'a.txt', destination: 'sub' })).output).toBe(`File copied successfully from ${file('a.txt')} to ${file('sub/a.txt')}`);
    expect(fs.readFileSync(file('sub/a.txt'), 'utf8')).toBe('alpha\nbeta\ngamma\n');
    expect((await call('copy_file', { source: 'a.txt', destination: 'escape/a.txt' })).output).toMatch(/outside the sandbox/);
    expect((await call('move_file', { source: 'a.txt', destination: 'sub/a.txt' })).output).toMatch(/destination already exists/);
    expect((await call('move_file', { source: 'a.txt', destination: 'renamed.txt' })).ok).toBe(true);
    expect(fs.existsSync(file('renamed.txt')) && !fs.existsSync(file('a.txt'))).toBe(true);
  });
  it('search_files finds text, skips binaries and never walks out through symlinks', async () => {
    fs.writeFileSync(file('sub/blob.bin'), Buffer.from('Picard\0'));
    const r = await call('search_files', { pattern: 'picard' });
    expect(r.output).toBe(`1 match(es) (paths relative to ${root}):\nsub/b.csv:2: 1,Picard`);
    expect((await call('search_files', { pattern: 'secret' })).output).toMatch(/^No matches/);
    expect((await call('search_files', { pattern: '^[ab]', regex: true, path: 'a.txt' })).output).toMatch(/a\.txt:1: alpha\na\.txt:2: beta$/);
    expect((await call('search_files', { pattern: '(', regex: true })).output).toMatch(/invalid regular expression/);
  });
  it('get_cwd returns the real root', async () => {
    expect((await call('get_cwd', {})).output).toBe(root);
  });
});

describe('sqlite tools', () => {
  beforeEach(() => {
    const db = new Database(file('sub/people.db'));
    db.exec("CREATE TABLE crew (id INTEGER PRIMARY KEY, name TEXT NOT NULL, rank TEXT); CREATE VIEW v AS SELECT name FROM crew;");
    const ins = db.prepare('INSERT INTO crew (name, rank) VALUES (?, ?)');
    for (let i = 0; i < 30; i++) ins.run(`n${i}`, i % 2 ? 'ensign' : 'lieutenant');
    db.close();
  });
  it('runs read-only queries with a row cap', async () => {
    const r = await call('sqlite_execute_query', { database_path: 'sub/people.db', query: 'SELECT id, name FROM crew ORDER BY id', limit: 2 });
    expect(JSON.parse(r.output)).toEqual({ success: true, columns: ['id', 'name'], row_count: 2, data: [{ id: 1, name: 'n0' }, { id: 2, name: 'n1' }] });
    const w = await call('sqlite_execute_query', { database_path: 'sub/people.db', query: 'WITH c AS (SELECT count(*) n FROM crew) SELECT n FROM c' });
    expect(JSON.parse(w.output).data).toEqual([{ n: 30 }]);
  });
  it.each([
    ['DELETE FROM crew', /only read-only queries/],
    ['SELECT nope FROM crew', /no such column/],
  ])('refuses %s', async (query, re) => {
    const r = await call('sqlite_execute_query', { database_path: 'sub/people.db', query });
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(re);
    expect(new Database(file('sub/people.db'), { readonly: true }).prepare('SELECT count(*) n FROM crew').get()).toEqual({ n: 30 });
  });
  it('does not create missing databases', async () => {
    expect((await call('sqlite_list_tables', { database_path: 'nope.db' })).output).toMatch(/cannot open database nope\.db/);
    expect(fs.existsSync(file('nope.db'))).toBe(false);
  });
  it('lists tables and schema', async () => {
    expect(JSON.parse((await call('sqlite_list_tables', { database_path: 'sub/people.db' })).output)).toEqual({
      database: 'sub/people.db', tables: ['crew'], views: ['v'], total_tables: 1, total_views: 1,
    });
    const schema = JSON.parse((await call('sqlite_get_schema', { database_path: 'sub/people.db' })).output);
    expect(schema.tables[0].columns[1]).toEqual({ name: 'name', type: 'TEXT', not_null: true, default_value: null, primary_key: false });
  });
});

describe('exec tools', () => {
  it.each<[string, Record<string, string>, () => string]>([
    ['python_execute_code', { code: 'import os\nprint(6*7)\nprint(os.getcwd())' }, () => `Standard Output:\n42\n${root}\n\n`],
    ['python_execute_code', { code: 'print("before")\nraise SystemExit(3)' }, () => 'Standard Output:\nbefore\n\nExit code: 3\n'],
    ['python_execute_code', { code: 'x = 1' }, () => 'Code executed successfully with no output.'],
    ['shell_execute', { command: 'echo hi > made.txt; cat made.txt; echo oops >&2' }, () => 'Standard Output:\nhi\n\nStandard Error:\noops\n\n'],
  ])('%s %j', async (name, args, expected) => {
    expect((await call(name, args)).output).toBe(expected());
  });
  it('passes a minimal environment', async () => {
    process.env.PICARD_SECRET_TEST = 'leak';
    try {
      expect((await call('shell_execute', { command: 'echo "[$PICARD_SECRET_TEST]"' })).output).toBe('Standard Output:\n[]\n\n');
    } finally {
      delete process.env.PICARD_SECRET_TEST;
    }
  });
  it('kills on abort, including child processes', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const p = runTool(tools, 'shell_execute', JSON.stringify({ command: 'sleep 20 & sleep 20; echo never' }), { root, signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const r = await p;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.output).toBe('Error: execution aborted\n');
  });
});
