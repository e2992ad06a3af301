import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBundledSuite } from '../../suites';
import { picardResolving } from '../../testing/resolved-modules';

const root = resolve(__dirname, '../../..');
const cli = join(root, 'lib/cli/main.ts');
const base = realpathSync(mkdtempSync(join(tmpdir(), 'picard-precheck-cli-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function picard(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
}

const outside = join(base, 'outside');
mkdirSync(outside);
const escaping = join(base, 'escaping.yaml');
writeFileSync(
  escaping,
  `tests:
  - question_id: 1
    samples: 1
    template: "Count the rows"
    scoring_type: stringmatch
    expected_response: "{{csv_count:ID:TARGET_FILE[c1]}}"
    sandbox_setup:
      components:
        - type: create_csv
          name: c1
          target_file: "${join(outside, 'x.csv')}"
          content: {headers: [ID], rows: 3}
  - question_id: 2
    samples: 1
    template: "Give JSON"
    scoring_type: jsonmatch
    expected_response: "{{json_lenght:$.a:x.json}}"
`,
);

describe('picard precheck and picard run refuse definitions that cannot produce a valid instance', () => {
  it('precheck exits 1 with located messages and writes nothing, outside or in --out', () => {
    const out = join(base, 'out');
    const r = picard(['precheck', '-d', escaping, '--seed', '1', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${escaping}:11:24 tests[0].sandbox_setup.components[0].target_file: q1_s1: target_file '${join(outside, 'x.csv')}' resolves to ${join(outside, 'x.csv')}, outside the instance's sandbox area {{artifacts}} (${join(out, 'sandbox', 'q1_s1')})`,
    );
    expect(r.stderr).toContain(`${escaping}:17:24 tests[1].expected_response: q2_s1: unknown template function 'json_lenght'`);
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('run exits 1 with the same messages before any agent call or result folder', () => {
    const results = join(base, 'results');
    const r = picard(['run', '-d', escaping, '--seed', '1', '--think-ms', '0', '--results-dir', results]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/escaping\.yaml:11:24 tests\[0\]\.sandbox_setup\.components\[0\]\.target_file: q1_s1: target_file .* outside the instance's sandbox area/);
    expect(r.stderr).toContain("tests[1].expected_response: q2_s1: unknown template function 'json_lenght'");
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(results) ? readdirSync(results) : []).toEqual([]);
  });

  it("a failing answer key (the reference's documented case) is still reported with exit 2, the others generated", () => {
    const file = join(base, 'failing-key.yaml');
    writeFileSync(
      file,
      `tests:
  - {question_id: 1, samples: 1, template: "Avg?", scoring_type: stringmatch, expected_response: "{{csv_avg:NOPE:TARGET_FILE[c1]}}",
     sandbox_setup: {components: [{type: create_csv, name: c1, target_file: "{{artifacts}}/d.csv", content: {headers: [ID], rows: 2}}]}}
  - {question_id: 2, samples: 1, template: "Hi", scoring_type: stringmatch, expected_response: "hi"}
`,
    );
    const out = join(base, 'failing-out');
    const r = picard(['precheck', '-d', file, '--seed', '1', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ERROR q1_s1: expected_response: csv_avg\(NOPE, TARGET_FILE\[c1\]\)/);
    expect(readFileSync(join(out, 'precheck.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });
});

describe('picard precheck of 500+ instances starts its writer thread before generating', () => {
  // A thread left running would keep the process alive: each command must end, by itself, well within the timeout.
  const ends = { timeout: 60_000 };
  it('a refused definitions file still exits 1 with nothing written', () => {
    const out = join(base, 'early-refused');
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'precheck', '-d', escaping, '--samples', '300', '--seed', '1', '--out', out], { cwd: root, encoding: 'utf8', ...ends });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown template function 'json_lenght'");
    expect(existsSync(out)).toBe(false);
  });

  it('instances without files write their precheck and exit (the unused thread is closed)', () => {
    const file = join(base, 'no-files.yaml');
    writeFileSync(file, 'tests:\n  - {question_id: 1, samples: 1, template: "Hi", scoring_type: stringmatch, expected_response: "hi"}\n');
    const out = join(base, 'early-no-files');
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'precheck', '-d', file, '--samples', '600', '--seed', '1', '--out', out], { cwd: root, encoding: 'utf8', ...ends });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'precheck.jsonl'), 'utf8').trim().split('\n')).toHaveLength(600);
  });
});

describe('picard precheck (compiled) loads what generation needs, not the runner', () => {
  it('resolves no agent client (openai) and no runner module, and still writes the precheck', () => {
    const out = join(base, 'loads-out');
    const { status, stderr, urls } = picardResolving(['precheck', '-d', findBundledSuite('quickstart')!.file, '--seed', '3', '--out', out], root);
    expect(status, stderr).toBe(0);
    expect(readFileSync(join(out, 'precheck.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThan(0);
    expect(urls.some((u) => u.includes('/node_modules/better-sqlite3/'))).toBe(true);
    expect(urls.filter((u) => u.includes('/node_modules/openai/'))).toEqual([]);
    // The runner's own chunk (start-run) is not among the compiled chunks loaded.
    expect(urls.filter((u) => /\/\.build\/start-run-[^/]*\.mjs$/.test(u))).toEqual([]);
  });
});
