import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { resolveInSandbox } from '../sandbox/confine';
import { DefinitionError } from '../definitions/errors';
import type { DefinitionIssue, TestDefinition } from '../definitions/types';
import { writeFileData, type FileData } from '../sandbox/write';
import { SandboxWriter } from '../sandbox/sandbox-writer';
import { createTemplateCache } from '../templates/file-cache';
import type { Clock } from '../util/clock';
import { buildInstance, isMissing, planInstance, type InstanceOptions } from './build-instance';
import { buildInstances } from './build-instances';
import type { EntityPools } from './entity-pool';
import type { PrecheckEntry } from './precheck-entry';

export interface CheckOptions {
  seed: number;
  pools: EntityPools;
  clock: Clock;
  /**
   * The sandbox root the instances will be written under (`<run>/sandbox`; it need not exist, nothing is
   * created). Default: a path under the system temp folder that is never created.
   */
  sandboxRoot?: string;
  /** How the sandbox root is named in messages (the real one when known); default `<sandbox>`. */
  sandboxLabel?: string;
}

/** Instances that passed the check, ready to be written. */
export interface CheckedInstances {
  /** The sandbox root they were checked for. */
  readonly sandboxRoot: string;
  /**
   * The entries in the reference's order; each instance's files are written under `sandboxRoot` just before
   * its entry is yielded. Under the checked root, the instances checked in memory are written as they are;
   * under another root (or when they were too large to hold) they are generated again (deterministic).
   */
  write(sandboxRoot: string): Generator<PrecheckEntry>;
  /**
   * `write` with the files written on a writer thread (`SandboxWriter`), so this thread goes on meanwhile: each
   * entry is yielded, in the reference's order, once every file of its instance is on the disk. An instance whose
   * write fails is generated again here, directly on the disk, as `write` does, so its entry records the failure.
   * Without held instances for `sandboxRoot`, without the compiled writer thread, or with fewer than
   * `WRITER_THREAD_MIN_FILES` files to write (a thread costs more to start than it saves; `thread` forces the
   * choice), it is `write`. `writer`: a writer thread the caller started before the check (its start then overlaps
   * the generation); it is used when a thread is worth it, else closed unused.
   */
  writeAsync(sandboxRoot: string, opts?: { thread?: boolean; writer?: SandboxWriter | null }): AsyncGenerator<PrecheckEntry>;
  /**
   * The entries as they will be once written (every write succeeding), in the reference's order (a new list at each
   * read, before the write starts); null when the instances were too large to hold, or once the write has started.
   * A failed write changes only that instance's entry (see `write`).
   */
  readonly planned: PrecheckEntry[] | null;
}

/** Up to this many bytes of generated files are held between the check and the write (else: generated again). */
const HOLD_BYTES = 256 * 1024 * 1024;
/**
 * Below this many files `writeAsync` writes on the calling thread: starting the writer thread costs ≈ 20–40 ms of
 * CPU, about what writing 200 small files and their folders costs here.
 */
const WRITER_THREAD_MIN_FILES = 200;
/** Instances handed to the writer thread ahead of the one awaited. */
const WRITE_AHEAD = 1024;

interface Held {
  def: TestDefinition;
  sample: number;
  entry: PrecheckEntry;
  files: FileData[];
}

/**
 * Generates every instance of `tests` once, in memory (nothing touches the disk), and returns every problem
 * that makes the definitions unusable: a file outside the instance's sandbox area, a bad variable, an unknown
 * template function, a `{{…}}` left unresolved, a `jsonmatch`/`readfile_jsonmatch` answer key that is not
 * JSON, a failed generator. Instances are deterministic (seed + key). Answer keys whose template functions
 * fail (the reference's documented failing keys) are not problems here: those instances are recorded with
 * `precheck_errors` and errored, the others run.
 *
 * A problem found in several samples of a test is reported once, for its first instance.
 */
export function checkInstances(tests: TestDefinition[], opts: CheckOptions): DefinitionIssue[] {
  return generateChecked(tests, opts, false).issues;
}

/**
 * Checks every instance like `checkInstances` and throws a `DefinitionError` listing every problem (sorted by
 * position) before anything of a run or precheck is written; else returns the instances, generated once and
 * held in memory, to write. The CLI (`picard run`, `picard precheck`) and the dashboard's new-run form
 * (through `startRun`) refuse a definitions file with it.
 */
export function assertInstancesValid(tests: TestDefinition[], opts: CheckOptions): CheckedInstances {
  const { issues, held, root } = generateChecked(tests, opts, true);
  if (issues.length > 0) throw new DefinitionError([...issues].sort((a, b) => a.line - b.line || a.column - b.column));
  const instanceOptions = (sandboxRoot: string): InstanceOptions => ({ seed: opts.seed, pools: opts.pools, clock: opts.clock, sandboxRoot });
  let pending: Array<Held | undefined> | null = held;
  /** The held instances for `sandboxRoot` (once), or null: generate them again. */
  const take = (sandboxRoot: string): Array<Held | undefined> | null => {
    const mine = pending;
    pending = null;
    return mine !== null && resolve(sandboxRoot) === root ? mine : null;
  };
  const holds = (sandboxRoot: string) => pending !== null && resolve(sandboxRoot) === root;
  /** An instance generated directly on the disk: its entry records what the disk refused. */
  const direct = (h: Held, sandboxRoot: string, cache: ReturnType<typeof createTemplateCache>): PrecheckEntry =>
    buildInstance(h.def, h.sample, { ...instanceOptions(sandboxRoot), templateCache: cache });
  return {
    sandboxRoot: root,
    // A getter: the object keeps no second list of the entries (the held ones are released as they are written).
    get planned() {
      return pending === null ? null : pending.map((h) => h!.entry);
    },
    *write(sandboxRoot: string) {
      const mine = take(sandboxRoot);
      if (mine === null) {
        yield* buildInstances(tests, instanceOptions(sandboxRoot));
        return;
      }
      const dirs = new Set<string>();
      const cache = createTemplateCache();
      try {
        for (let i = 0; i < mine.length; i++) {
          const h = mine[i]!;
          mine[i] = undefined;
          let entry = h.entry;
          try {
            writeFileData(h.files, dirs);
          } catch {
            // The disk refused a file (permissions, space, a file in the way): generate the instance on the
            // disk instead, so its entry records the failure exactly as a direct generation does.
            entry = direct(h, sandboxRoot, cache);
          }
          yield entry;
        }
      } finally {
        cache.close();
      }
    },
    async *writeAsync(sandboxRoot: string, o: { thread?: boolean; writer?: SandboxWriter | null } = {}) {
      const worth = o.thread ?? (pending?.reduce((n, h) => n + (h?.files.length ?? 0), 0) ?? 0) >= WRITER_THREAD_MIN_FILES;
      const use = worth && holds(sandboxRoot);
      if (!use) o.writer?.close();
      const writer = use ? (o.writer ?? SandboxWriter.start()) : null;
      if (writer === null) {
        // No writer thread (nothing held for this root, or a checkout never compiled): written here, as `write`.
        yield* this.write(sandboxRoot);
        return;
      }
      const mine = take(sandboxRoot)!;
      // Sent a window ahead of the reader, not all at once: the thread holds a copy of what it has not written yet.
      let sent = 0;
      const sendUpTo = (n: number) => {
        const end = Math.min(mine.length, n);
        if (end > sent) writer.write(mine.slice(sent, end).map((h) => h!.files));
        sent = Math.max(sent, end);
      };
      const cache = createTemplateCache();
      try {
        for (let i = 0; i < mine.length; i++) {
          if (i + WRITE_AHEAD / 2 >= sent) sendUpTo(i + WRITE_AHEAD);
          const ok = await writer.settled(i);
          const h = mine[i]!;
          mine[i] = undefined;
          // As in `write`: a refused file makes the instance be generated on the disk, its entry recording why.
          yield ok ? h.entry : direct(h, sandboxRoot, cache);
        }
      } finally {
        writer.close();
        cache.close();
      }
    },
  };
}

function generateChecked(tests: TestDefinition[], opts: CheckOptions, keep: boolean): { issues: DefinitionIssue[]; held: Held[] | null; root: string } {
  const root = resolve(opts.sandboxRoot ?? join(realpathSync(tmpdir()), `picard-check-${randomUUID()}`, 'sandbox'));
  // Messages name the root as `label`, under the spelling given and its real form (its parents may be links).
  const realSandboxRoot = resolveInSandbox('/', root);
  const spellings = [...new Set([realSandboxRoot, root])].sort((a, b) => b.length - a.length);
  const label = opts.sandboxLabel ?? '<sandbox>';
  const found = new Map<string, { issue: DefinitionIssue; more: number }>();
  const cache = createTemplateCache();
  let held: Held[] | null = keep ? [] : null;
  let bytes = 0;
  const options: InstanceOptions = {
    seed: opts.seed,
    sandboxRoot: root,
    pools: opts.pools,
    clock: opts.clock,
    templateCache: cache,
    realSandboxRoot,
    // Nothing is written while checking: when the root is missing now, so is every instance's area.
    sandboxRootMissing: isMissing(root),
    onIssue: (issue) => {
      const id = `${issue.path}\0${issue.code}`;
      const seen = found.get(id);
      if (seen) seen.more++;
      else found.set(id, { issue: { ...issue, message: spellings.reduce((m, sp) => m.split(sp).join(label), issue.message) }, more: 0 });
    },
  };
  try {
    for (const def of tests) {
      for (let s = 1; s <= def.samples; s++) {
        const { entry, files } = planInstance(def, s, options, held !== null);
        if (held === null || files === null) continue;
        for (const f of files) bytes += f.data.length;
        if (bytes > HOLD_BYTES) held = null;
        else held.push({ def, sample: s, entry, files });
      }
    }
  } finally {
    cache.close();
  }
  const issues = [...found.values()].map(({ issue, more }) =>
    more === 0 ? issue : { ...issue, message: `${issue.message} (and ${more} more instance${more === 1 ? '' : 's'})` },
  );
  return { issues, held: issues.length > 0 ? null : held, root };
}
