import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgs } from '../testing/entries';
import { filesBelow, useTempDirs } from '../testing/temp-dirs';

const root = resolve(__dirname, '../..');
/** One test whose every instance has a generated file (the agent is asked to read it and write an answer). */
const DEFINITIONS = `tests:
  - question_id: 4
    samples: 1
    template: "What is line 7 of {{artifacts}}/{{qs_id}}/{{entity1}}.txt? Write that line to {{artifacts}}/{{qs_id}}/answer.txt."
    scoring_type: readfile_stringmatch
    file_to_read: "{{artifacts}}/{{qs_id}}/answer.txt"
    expected_content: "{{file_line:7:TARGET_FILE[notes]}}"
    sandbox_setup:
      components:
        - type: create_files
          name: notes
          target_file: "{{artifacts}}/{{qs_id}}/{{entity1}}.txt"
          content:
            type: lorem_lines
            count: 20
  - question_id: 2
    samples: 1
    template: "Reply with exactly this word and nothing else: {{entity1}}"
    scoring_type: stringmatch
    expected_response: "{{entity1}}"
`;
const tempDir = useTempDirs('picard-killgen-');

function picard(args: string[]) {
  return spawnSync(process.execPath, cliArgs(args), { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);
const keyOf = (l: Record<string, unknown>) => `q${String(l.question_id)}_s${String(l.sample_number)}`;
const verdicts = (dir: string) => Object.fromEntries(lines(join(dir, 'scores.progress.jsonl')).map((l) => JSON.parse(l) as Record<string, unknown>).map((l) => [keyOf(l), l.correct]));

/**
 * Starts a run and SIGKILLs it as soon as an item has answered while `precheck.jsonl` is still missing: items run
 * while the sandbox is being written, so there is such a moment. Returns the run folder and whether the kill
 * landed in it (the precheck still missing afterwards).
 */
async function killDuringGeneration(args: string[], resultsDir: string): Promise<{ dir: string | null; midGeneration: boolean; answered: number }> {
  const child = spawn(process.execPath, cliArgs(args), { cwd: root, stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const runDir = () => {
    const d = existsSync(resultsDir) ? readdirSync(resultsDir).filter((n) => !n.startsWith('.'))[0] : undefined;
    return d ? join(resultsDir, d) : null;
  };
  const t0 = Date.now();
  const answeredYet = () => {
    const d = runDir();
    return d !== null && lines(join(d, 'responses.jsonl')).length > 0;
  };
  while (!answeredYet() && Date.now() - t0 < 30_000) await new Promise((r) => setImmediate(r));
  child.kill('SIGKILL');
  await exited;
  const dir = runDir();
  return { dir, midGeneration: dir !== null && !existsSync(join(dir, 'precheck.jsonl')), answered: dir ? lines(join(dir, 'responses.jsonl')).length : 0 };
}

describe('a CLI run killed while its sandbox is still being written', () => {
  it('resumes: the precheck is regenerated, answered areas are left alone, every item ends once with the verdicts and files of an uninterrupted run', async () => {
    const base = tempDir();
    const suite = join(base, 'defs.yaml');
    writeFileSync(suite, DEFINITIONS);
    // 2 tests × 1,200 samples: 2,400 instances, the first 1,200 with a file each (sample keys q4_s1…); the first items answer long
    // before the last area is on the disk.
    const common = ['-d', suite, '--samples', '1200', '--seed', '23', '--accuracy', '0.7', '--think-ms', '0', '--concurrency', '4'];
    const clean = picard(['run', ...common, '--results-dir', join(base, 'clean'), '-q']);
    expect(clean.status, clean.stderr).toBe(0);
    const cleanDir = clean.stdout.trim().split('\n').at(-1)!;

    let killed: Awaited<ReturnType<typeof killDuringGeneration>> | null = null;
    // The moment is found by polling from here; on a loaded machine the first try can miss it.
    for (let attempt = 0; attempt < 4 && !killed?.midGeneration; attempt++) {
      killed = await killDuringGeneration(['run', ...common, '--results-dir', join(base, `killed${attempt}`)], join(base, `killed${attempt}`));
    }
    expect(killed?.midGeneration, 'the kill landed before precheck.jsonl was complete').toBe(true);
    const dir = killed!.dir!;
    expect(killed!.answered).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'precheck.jsonl.partial'))).toBe(true);
    // What an answered item's area holds now is what the agent left (here: it also edited the file it was given);
    // the resume must not generate it again.
    const answeredKeys = lines(join(dir, 'responses.jsonl')).map((l) => keyOf(JSON.parse(l) as Record<string, unknown>));
    const edited = answeredKeys.find((k) => k.startsWith('q4_'))!;
    expect(edited).toBeDefined();
    const given = Object.keys(filesBelow(join(dir, 'sandbox', edited))).find((f) => !f.endsWith('answer.txt'))!;
    writeFileSync(join(dir, 'sandbox', edited, given), 'edited by the agent\n');
    const answeredAreas = Object.fromEntries(answeredKeys.map((k) => [k, filesBelow(join(dir, 'sandbox', k))]));

    const resumed = picard(['run', '--resume', dir, '-q']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout.trim().split('\n').at(-1)).toBe(dir);

    const keys = lines(join(dir, 'responses.jsonl')).map((l) => keyOf(JSON.parse(l) as Record<string, unknown>));
    expect(keys).toHaveLength(2400);
    expect(new Set(keys).size).toBe(2400);
    expect(verdicts(dir)).toEqual(verdicts(cleanDir));
    for (const k of answeredKeys) expect(filesBelow(join(dir, 'sandbox', k)), k).toEqual(answeredAreas[k]);
    // The regenerated precheck is the uninterrupted run's, line for line (its own folder's paths aside).
    const precheck = (d: string) => readFileSync(join(d, 'precheck.jsonl'), 'utf8').split(d).join('<run>').replace(/"timestamp": "[^"]*"/g, '"timestamp": T');
    expect(precheck(dir)).toBe(precheck(cleanDir));
    // The sandbox ends as the uninterrupted run's (the simulated agent writes the same files for the same seed).
    const tree = (d: string) => Object.keys(filesBelow(join(d, 'sandbox'))).sort();
    expect(tree(dir)).toEqual(tree(cleanDir));
    expect(readFileSync(join(dir, 'sandbox', edited, given), 'utf8')).toBe('edited by the agent\n');
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('completed');
  }, 180_000);
});
