/** The `picard template` command on the §13.1 fixtures, through commander and through the runner function. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { makeFixtures } from '../../templates/test-fixtures';
import { register, runTemplateCommand } from './template';

const { dir } = makeFixtures();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('runTemplateCommand', () => {
  it.each([
    ['{{csv_count:ID:d.csv}} rows', [], '4 rows\n'],
    ['{{csv_avg:AGE:TARGET_FILE[people]}}', ['people=d.csv'], '33.333333333333336\n'],
    ['{"n": {{sqlite_query:SELECT COUNT(*) FROM emp:e.db}}}', [], '{"n": 3}\n'],
  ])('evaluates %s', async (text, components, stdout) => {
    const res = await runTemplateCommand({ text, baseDir: dir, components, cwd: dir });
    expect(res).toEqual({ stdout, stderr: '', exitCode: 0 });
  });

  it('fails with exit code 1 and a message naming function, args and file', async () => {
    const res = await runTemplateCommand({ text: '{{csv_avg:NAME:d.csv}}', baseDir: dir, cwd: dir });
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      `picard template: csv_avg(NAME, d.csv) on ${path.join(dir, 'd.csv')}: No numeric values found in column 'NAME'\n`,
    );
  });

  it('warns about placeholders that are not template functions', async () => {
    const res = await runTemplateCommand({ text: '{{entity1}} {{file_line_count:t.txt}}', baseDir: dir, cwd: dir });
    expect(res.stdout).toBe('{{entity1}} 4\n');
    expect(res.stderr).toContain('{{entity1}}');
    expect(res.exitCode).toBe(0);
  });

  it('resolves a relative --component PATH against --base-dir, not the current directory', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-cwd-'));
    try {
      // A decoy d.csv in the cwd with a different row count: resolving against cwd would print 1.
      fs.writeFileSync(path.join(elsewhere, 'd.csv'), 'ID\n9\n');
      const res = await runTemplateCommand({ text: '{{csv_count:ID:TARGET_FILE[people]}}', baseDir: dir, components: ['people=d.csv'], cwd: elsewhere });
      expect(res).toEqual({ stdout: '4\n', stderr: '', exitCode: 0 });
      // A relative --base-dir is itself relative to the cwd; the component follows it.
      const rel = await runTemplateCommand({ text: '{{csv_count:ID:TARGET_FILE[p]}}', baseDir: path.relative(elsewhere, dir), components: ['p=./d.csv'], cwd: elsewhere });
      expect(rel).toEqual({ stdout: '4\n', stderr: '', exitCode: 0 });
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('rejects a malformed --component', async () => {
    const res = await runTemplateCommand({ text: 'x', components: ['nope'], cwd: dir });
    expect(res).toMatchObject({ exitCode: 1, stderr: "picard template: --component expects NAME=PATH, got 'nope'\n" });
  });
});

describe('picard template (commander)', () => {
  it('parses arguments and options, prints the result', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(['template', '{{csv_sum:AGE:TARGET_FILE[c]}}', '--base-dir', dir, '--component', `c=${path.join(dir, 'd.csv')}`], {
      from: 'user',
    });
    expect(out.join('')).toBe('100.0\n');
    expect(process.exitCode).toBeUndefined();
  });

  it('sets exit code 1 on failure', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(['template', '{{file_line:9:t.txt}}', '--base-dir', dir], { from: 'user' });
    expect(process.exitCode).toBe(1);
    expect(err.join('')).toContain('Line number 9 out of range (file has 4 lines)');
  });
});
