import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { findBundledSuite } from '../suites';
import { BUILD_DIR, compile } from './compile.mjs';
import { CLI_BIN, cliArgs, REPO_ROOT } from '../testing/entries';

const tmp = mkdtempSync(join(tmpdir(), 'picard-compile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Bare package names a compiled module loads at start: its static imports, following the chunks it imports. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)";?$|^import\s*"([^"]+)";?$/gms)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('./') || spec.startsWith('../')) visit(join(dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

describe('the compile (lib/build/compile.mjs)', () => {
  it('the compiled CLI starts without the runner, generation, templates or zod: only commander and node built-ins', () => {
    const pkgs = [...staticPackages(join(BUILD_DIR, 'cli.mjs'))].filter((p) => !p.startsWith('node:'));
    // No zod: `picard run` declares its agent flags from the kinds' plain data; their schemas load when a run starts.
    expect(pkgs.sort()).toEqual(['commander']);
    // …while the chunks it loads on demand do hold them (the check above would pass on an empty bundle otherwise).
    const chunks = readdirSync(BUILD_DIR).filter((f) => f.endsWith('.mjs') && f !== 'cli.mjs' && f !== 'server.mjs' && f !== 'score-worker.mjs' && f !== 'sandbox-writer.mjs' && f !== 'index-writer.mjs');
    // Package names without subpaths (generation imports `@faker-js/faker/locale/en`).
    const name = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    const lazy = new Set(chunks.flatMap((c) => [...staticPackages(join(BUILD_DIR, c))].map(name)));
    expect([...lazy]).toEqual(expect.arrayContaining(['@faker-js/faker', 'openai', 'zod', 'yaml', 'better-sqlite3']));
  });

  it('`picard --help` through the bin lists every command', () => {
    const r = spawnSync(process.execPath, cliArgs(['--help']), { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const c of ['run', 'precheck', 'template', 'score', 'show', 'report', 'compare', 'index']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('a bundle in another folder still finds the bundled suites and the entity pool beside their sources', async () => {
    // Inside the checkout (node_modules stay external, so a bundle resolves them from where it lies), one level deeper.
    const outdir = join(BUILD_DIR, `test-${process.pid}`);
    onTestFinished(() => rmSync(outdir, { recursive: true, force: true }));
    const { files } = await compile({ outdir });
    expect(files).toContain(join(outdir, 'cli.mjs'));
    expect(files).toContain(join(outdir, 'cli.mjs.map'));
    expect(files).toContain(join(outdir, 'server.mjs'));
    const pre = join(tmp, 'pre');
    const script = `const { main } = await import(${JSON.stringify(pathToFileURL(join(outdir, 'cli.mjs')).href)});
      await main(['node', 'picard', 'precheck', '-d', ${JSON.stringify(findBundledSuite('quickstart')!.file)}, '--seed', '5', '--out', ${JSON.stringify(pre)}]);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmp, encoding: 'utf8' });
    expect(r.stderr).toContain('Generated 18 instances with seed 5');
    expect(r.status).toBe(0);
    expect(readFileSync(join(pre, 'precheck.jsonl'), 'utf8').trim().split('\n')).toHaveLength(18);
  });

  it('removes chunks no output names any more, and nothing else', async () => {
    const outdir = join(tmp, 'prune');
    mkdirSync(outdir, { recursive: true });
    writeFileSync(join(outdir, 'chunk-ABCDEF12.mjs'), 'stale');
    writeFileSync(join(outdir, 'chunk-ABCDEF12.mjs.map'), 'stale');
    writeFileSync(join(outdir, 'notes.txt'), 'mine');
    const { files } = await compile({ outdir });
    const now = readdirSync(outdir);
    expect(now).not.toContain('chunk-ABCDEF12.mjs');
    expect(now).not.toContain('chunk-ABCDEF12.mjs.map');
    expect(now).toContain('notes.txt');
    expect(now.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(now.filter((f) => f !== 'notes.txt').sort()).toEqual(files.map((f) => f.slice(outdir.length + 1)).sort());
  });

  it('refuses import.meta.dirname with the file and line', async () => {
    const src = join(tmp, 'uses-dirname.ts');
    writeFileSync(src, "export const a = 1;\n\nexport const here: string = import.meta.dirname;\n");
    const err = await compile({ outdir: join(tmp, 'refused'), entries: { x: src } }).then(
      () => null,
      (e: { errors?: Array<{ text: string; location?: { file: string; line: number } }> }) => e,
    );
    expect(err?.errors?.[0].text).toContain('import.meta.dirname would point into the build folder');
    expect(err?.errors?.[0].location?.line).toBe(3);
    expect(err?.errors?.[0].location?.file).toMatch(/uses-dirname\.ts$/);
    expect(existsSync(join(tmp, 'refused', 'x.mjs'))).toBe(false);
  });

  it('a syntax error is reported with its file and line', async () => {
    const src = join(tmp, 'broken.ts');
    writeFileSync(src, 'export const a = 1;\nexport const b = ;\n');
    const err = await compile({ outdir: join(tmp, 'broken'), entries: { x: src } }).then(
      () => null,
      (e: { errors?: Array<{ location?: { file: string; line: number } }> }) => e,
    );
    expect(err?.errors?.[0].location).toMatchObject({ line: 2, file: expect.stringMatching(/broken\.ts$/) });
  });

  it('the command-line form prints what it wrote, and refuses --outdir without a folder', () => {
    const compileScript = join(REPO_ROOT, 'lib/build/compile.mjs');
    const ok = spawnSync(process.execPath, [compileScript, '--outdir', join(tmp, 'cli-form')], { cwd: tmp, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^compile: cli-form\/cli\.mjs, cli-form\/server\.mjs, cli-form\/score-worker\.mjs, cli-form\/sandbox-writer\.mjs, cli-form\/index-writer\.mjs \(\+\d+ chunks\) in \d+ ms\n$/);
    const bad = spawnSync(process.execPath, [compileScript, '--outdir'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('compile: --outdir needs a folder\n');
  });

  it('the bin says how to build when the compiled CLI is missing', () => {
    const fake = join(tmp, 'checkout');
    mkdirSync(join(fake, 'lib', 'cli'), { recursive: true });
    copyFileSync(CLI_BIN, join(fake, 'lib', 'cli', 'bin.mjs'));
    const r = spawnSync(process.execPath, [join(fake, 'lib', 'cli', 'bin.mjs'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the compiled CLI ${join(fake, '.build', 'cli.mjs')} is missing: run \`npm run compile\``);
  });
});
