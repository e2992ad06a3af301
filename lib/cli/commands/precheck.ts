import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runFolderName } from '../../results/label';
import { createRunDir } from '../../results/run-writer';
import { runFiles } from '../../results/run-files';
import { systemClock } from '../../util/clock';
import { defaultResultsDir, intArg } from '../args';

interface PrecheckFlags {
  definitions?: string;
  seed?: number;
  samples?: number;
  out?: string;
  label?: string;
  entityPool?: string;
}

export function register(program: Command): void {
  program
    .command('precheck')
    .description('Generate precheck.jsonl and every sandbox file without running an agent')
    .requiredOption('-d, --definitions <file>', 'YAML test definitions')
    .option('--seed <n>', 'random seed (fresh when omitted; printed)', intArg)
    .option('--samples <n>', "override every test's samples", intArg)
    .option('--out <dir>', 'output folder (default: a new <label>_<timestamp> folder under the results folder)')
    .option('-l, --label <label>', 'label for the default output folder', 'precheck')
    .option('--entity-pool <file>', 'entity pool word file (default: the bundled pool)')
    .action(async (flags: PrecheckFlags) => {
      const out = await runPrecheck(flags);
      process.stdout.write(`${out}\n`);
    });
}

/** From this many instances `picard precheck` starts its sandbox writer thread before generating. */
const EARLY_WRITER_FROM_INSTANCES = 500;

function instanceCount(tests: ReadonlyArray<{ samples: number }>): number {
  return tests.reduce((n, t) => n + t.samples, 0);
}

/**
 * Writes `<out>/precheck.jsonl` and `<out>/sandbox/…`; returns the folder. Definitions that cannot produce a
 * valid instance throw a located `DefinitionError` first (exit 1, nothing written). Answer keys whose
 * template functions fail are reported and make the exit code 2.
 */
export async function runPrecheck(flags: PrecheckFlags): Promise<string> {
  // Loaded here, not at the top: `picard --help` and the other commands start without generation (see commands/index.ts).
  const [{ applySamplesOverride, loadDefinitions }, { assertInstancesValid, PACK_ABOVE_INSTANCES }, { DEFAULT_ENTITY_POOL_FILE, loadEntityPool }, { freshSeed }, { writePrecheckLinesAsync }, { SandboxWriter }] = await Promise.all([
    import('../../definitions/parse'),
    import('../../generation/check-instances'),
    import('../../generation/entity-pool'),
    import('../../runner/seed'),
    import('../../runner/precheck-file'),
    import('../../sandbox/sandbox-writer'),
  ]);
  const defs = loadDefinitions(resolve(flags.definitions!));
  const tests = flags.samples !== undefined ? applySamplesOverride(defs, flags.samples).tests : defs.tests;
  // A large precheck starts its writer thread now, so the thread's start overlaps the generation (it is closed
  // unused if the instances turn out to have too few files, or if the definitions are refused).
  const writer = instanceCount(tests) >= EARLY_WRITER_FROM_INSTANCES ? SandboxWriter.start() : null;
  const pools = loadEntityPool(resolve(flags.entityPool ?? DEFAULT_ENTITY_POOL_FILE));
  const seed = flags.seed ?? freshSeed();
  const started = performance.now();
  const out = flags.out ? resolve(flags.out) : null;
  const at = systemClock.now();
  const nameAt = (t: Date) => runFolderName(flags.label, t);
  // Every instance is generated once, in memory, for the folder it will be written to; definitions that
  // cannot produce a valid instance are refused, located, before anything is written.
  const planned = out ?? join(defaultResultsDir(), nameAt(at));
  let dir: string;
  let written: Awaited<ReturnType<typeof writePrecheckLinesAsync>>;
  try {
    const hold = instanceCount(tests) > PACK_ABOVE_INSTANCES ? 'packed' : 'objects';
    const checked = assertInstancesValid(tests, { seed, pools, clock: systemClock, sandboxRoot: join(planned, runFiles.sandbox), sandboxLabel: out ? join(out, runFiles.sandbox) : undefined, hold });
    if (out) {
      dir = out;
      mkdirSync(dir, { recursive: true });
    } else {
      dir = createRunDir(defaultResultsDir(), nameAt, at).dir;
    }
    // The sandbox files are written on the writer thread (the kernel's inode work off this thread).
    written = await writePrecheckLinesAsync(dir, checked.writeLinesAsync(join(dir, runFiles.sandbox), { writer }));
  } finally {
    writer?.close();
  }
  const { items, problems } = written;
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`Generated ${items.length} instances with seed ${seed} in ${seconds.toFixed(2)} s\n`);
  for (const p of problems) process.stderr.write(`ERROR ${p}\n`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} answer key(s) could not be computed; those instances would be recorded as errored.\n`);
    process.exitCode = 2;
  }
  return dir;
}
