import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSyntheticRun } from '../bench/scoring';
import { findBundledSuite } from '../suites';
import { packagesOf, picardResolving } from '../testing/resolved-modules';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'picard-start-loads-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/*
 * What the compiled CLI loads depends on the command: `picard run` declares its agent flags from the agent kinds'
 * plain data (lib/agents/kinds/<kind>.ts), and only a command that validates agent settings loads their schemas,
 * hence zod (lib/agents/agent-schemas.ts).
 */
describe('the compiled CLI loads zod only for commands that validate agent settings', () => {
  it('`picard --help` resolves no package but commander', () => {
    const { status, stdout, stderr, urls } = picardResolving(['--help']);
    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/^\s+run\b/m);
    expect(packagesOf(urls)).toEqual(['commander']);
  });

  it('`picard score <dir>` scores without zod', () => {
    const dir = buildSyntheticRun(join(base, 'score_20250101_000000'), 30);
    const { status, stderr, urls } = picardResolving(['score', dir]);
    expect(status, stderr).toBe(0);
    expect(existsSync(join(dir, 'scores.json'))).toBe(true);
    expect(packagesOf(urls)).not.toContain('zod');
  });

  it('`picard run` still refuses bad agent flags with the messages naming each flag', () => {
    const run = (args: string[]) => picardResolving(['run', '-d', findBundledSuite('quickstart')!.file, '--results-dir', join(base, 'results'), '--no-index', '-q', ...args]);
    const openai = run(['--agent', 'openai']);
    expect(openai.status).toBe(1);
    expect(openai.stderr).toBe('picard: --base-url: required (--agent openai); --model: required (--agent openai)\n');
    const simulated = run(['--accuracy', '2']);
    expect(simulated.status).toBe(1);
    expect(simulated.stderr).toBe('picard: --accuracy: expected a probability (0–1) (--agent simulated)\n');
    expect(existsSync(join(base, 'results'))).toBe(false);
  });
});
