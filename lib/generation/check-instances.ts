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
import { HeldBatches, type HeldInstance } from './held-batches';
import { pyJsonDumps } from '../py';

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
  /**
   * How the checked instances are held until written: `objects` (default; `planned` lists them) or `packed`: as
   * their `precheck.jsonl` lines and file bytes, deflated outside the heap (`HeldBatches`), for runs too large to
   * hold as objects. Packed, `planned` is null and only `writeLinesAsync` writes what was held (`write` and
   * `writeAsync` generate again).
   */
  hold?: 'objects' | 'packed';
}

/** The fields of a precheck entry a run needs before it reads the line back (its item, its problems). */
export type EntryHead = Pick<PrecheckEntry, 'scoring_type' | 'question_id' | 'sample_number'> & { precheck_errors?: unknown };

/** An instance written: its `precheck.jsonl` line (no newline) and its entry's head. */
export interface PrecheckLine {
  text: string;
  head: EntryHead;
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
   * `writeAsync` yielding each instance's precheck line instead of its entry. Instances held packed are written
   * from their packed lines and bytes (on the writer thread, when it is there), never turned back into objects.
   */
  writeLinesAsync(sandboxRoot: string, opts?: { writer?: SandboxWriter | null }): AsyncGenerator<PrecheckLine>;
  /**
   * The entries as they will be once written (every write succeeding), in the reference's order (a new list at each
   * read, before the write starts); null when the instances were too large to hold, or once the write has started.
   * A failed write changes only that instance's entry (see `write`).
   */
  readonly planned: PrecheckEntry[] | null;
}

/**
 * Callers hold more instances than this packed (`CheckOptions.hold`): held as objects, 100,000 instances took a few
 * hundred MB of heap (docs/benchmarks.md).
 */
export const PACK_ABOVE_INSTANCES = 20_000;
/** Up to this many bytes of generated files (packed: of deflated batches) are held between the check and the write (else: generated again). */
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
  return generateChecked(tests, opts, 'none').issues;
}

/**
 * Checks every instance like `checkInstances` and throws a `DefinitionError` listing every problem (sorted by
 * position) before anything of a run or precheck is written; else returns the instances, generated once and
 * held in memory, to write. The CLI (`picard run`, `picard precheck`) and the dashboard's new-run form
 * (through `startRun`) refuse a definitions file with it.
 */
export function assertInstancesValid(tests: TestDefinition[], opts: CheckOptions): CheckedInstances {
  const { issues, held, packed: packedHeld, root } = generateChecked(tests, opts, opts.hold ?? 'objects');
  if (issues.length > 0) throw new DefinitionError([...issues].sort((a, b) => a.line - b.line || a.column - b.column));
  let packed = packedHeld;
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
      const cache = createTemplateCache();
      try {
        for (const [h, ok] of writtenHere(released(mine), (x) => x.files)) {
          // The disk refused a file (permissions, space, a file in the way): generate the instance on the
          // disk instead, so its entry records the failure exactly as a direct generation does.
          yield ok ? h.entry : direct(h, sandboxRoot, cache);
        }
      } finally {
        cache.close();
      }
    },
    async *writeLinesAsync(sandboxRoot: string, o: { writer?: SandboxWriter | null } = {}) {
      const mine = packed !== null && resolve(sandboxRoot) === root ? packed : null;
      if (mine === null) {
        for await (const entry of this.writeAsync(sandboxRoot, o)) yield { text: pyJsonDumps(entry), head: entry };
        return;
      }
      packed = null;
      yield* writePacked(tests, mine, o.writer === undefined ? SandboxWriter.start() : o.writer, (def, sample, cache) => buildInstance(def, sample, { ...instanceOptions(sandboxRoot), templateCache: cache }));
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
      const cache = createTemplateCache();
      try {
        for await (const [h, ok] of writeInOrder(released(mine), (x) => x.files, writer)) {
          // As in `write`: a refused file makes the instance be generated on the disk, its entry recording why.
          yield ok ? h.entry : direct(h, sandboxRoot, cache);
        }
      } finally {
        cache.close();
      }
    },
  };
}

interface Checked {
  issues: DefinitionIssue[];
  /** The instances held as objects, or null. */
  held: Held[] | null;
  /** The instances held packed, or null. */
  packed: Packed | null;
  root: string;
}

/** Instances held packed: lines and files in `batches`, the few entries with `precheck_errors` by position. */
interface Packed {
  batches: HeldBatches;
  errors: Map<number, unknown>;
}

function generateChecked(tests: TestDefinition[], opts: CheckOptions, keep: 'none' | 'objects' | 'packed'): Checked {
  const root = resolve(opts.sandboxRoot ?? join(realpathSync(tmpdir()), `picard-check-${randomUUID()}`, 'sandbox'));
  // Messages name the root as `label`, under the spelling given and its real form (its parents may be links).
  const realSandboxRoot = resolveInSandbox('/', root);
  const spellings = [...new Set([realSandboxRoot, root])].sort((a, b) => b.length - a.length);
  const label = opts.sandboxLabel ?? '<sandbox>';
  const found = new Map<string, { issue: DefinitionIssue; more: number }>();
  const cache = createTemplateCache();
  let held: Held[] | null = keep === 'objects' ? [] : null;
  let packed: Packed | null = keep === 'packed' ? { batches: new HeldBatches(), errors: new Map() } : null;
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
        const { entry, files } = planInstance(def, s, options, held !== null || packed !== null);
        if (files === null) continue;
        if (packed !== null) {
          if (entry.precheck_errors !== undefined) packed.errors.set(packed.batches.count, entry.precheck_errors);
          packed.batches.add(pyJsonDumps(entry), files);
          if (packed.batches.bytes > HOLD_BYTES) packed = null;
          continue;
        }
        if (held === null) continue;
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
  const usable = issues.length === 0;
  return { issues, held: usable ? held : null, packed: usable ? packed : null, root };
}

/** The held instances in order, each let go by the list as it is taken. */
function* released(held: Array<Held | undefined>): Generator<Held> {
  for (let i = 0; i < held.length; i++) {
    const h = held[i]!;
    held[i] = undefined;
    yield h;
  }
}

/**
 * Puts each instance's files on the disk here, in order, each folder created once; yields the instance with whether
 * the disk took them all.
 */
function* writtenHere<T>(instances: Iterator<T>, filesOf: (t: T) => FileData[]): Generator<[T, boolean]> {
  const dirs = new Set<string>();
  for (let r = instances.next(); !r.done; r = instances.next()) {
    let ok = true;
    try {
      writeFileData(filesOf(r.value), dirs);
    } catch {
      ok = false;
    }
    yield [r.value, ok];
  }
}

/**
 * `writtenHere`, on `writer`'s thread when given: sent a window of `WRITE_AHEAD` instances ahead of the one awaited,
 * not all at once (the thread holds a copy of what it has not written yet). Closes `writer`.
 */
async function* writeInOrder<T>(instances: Iterator<T>, filesOf: (t: T) => FileData[], writer: SandboxWriter | null): AsyncGenerator<[T, boolean]> {
  try {
    if (writer === null) {
      yield* writtenHere(instances, filesOf);
      return;
    }
    // Instances sent to the thread and not yielded yet: `ahead[next…]`.
    const ahead: Array<T | undefined> = [];
    let next = 0;
    let more = true;
    for (let i = 0; ; i++) {
      if (more && ahead.length - next <= WRITE_AHEAD / 2) {
        const sending: FileData[][] = [];
        while (ahead.length - next < WRITE_AHEAD) {
          const r = instances.next();
          if (r.done) {
            more = false;
            break;
          }
          ahead.push(r.value);
          sending.push(filesOf(r.value));
        }
        if (sending.length > 0) writer.write(sending);
        if (next > WRITE_AHEAD) {
          ahead.splice(0, next);
          next = 0;
        }
      }
      if (next === ahead.length) return;
      const t = ahead[next]!;
      ahead[next++] = undefined;
      yield [t, await writer.settled(i)];
    }
  } finally {
    writer?.close();
  }
}

/** A packed instance with its definition, sample number and position. */
interface PackedInstance {
  def: TestDefinition;
  sample: number;
  index: number;
  held: HeldInstance;
}

/** The packed instances in the reference's order, with the definition and sample each one is of. */
function* packedInstances(tests: TestDefinition[], batches: HeldBatches): Generator<PackedInstance> {
  const source = batches.take();
  let index = 0;
  for (const def of tests) {
    for (let sample = 1; sample <= def.samples; sample++, index++) {
      const r = source.next();
      if (r.done) throw new Error(`packed instances: ${index} held, ${def.samples - sample + 1}+ more expected`);
      yield { def, sample, index, held: r.value };
    }
  }
}

/**
 * Writes instances held packed, in the reference's order, yielding each one's line once its files are on the disk
 * (`writeInOrder`). An instance whose write fails is generated again on the disk by `direct`, its line then recording
 * the failure (as `write` does).
 */
async function* writePacked(
  tests: TestDefinition[],
  packed: Packed,
  writer: SandboxWriter | null,
  direct: (def: TestDefinition, sample: number, cache: ReturnType<typeof createTemplateCache>) => PrecheckEntry,
): AsyncGenerator<PrecheckLine> {
  const cache = createTemplateCache();
  try {
    for await (const [p, ok] of writeInOrder(packedInstances(tests, packed.batches), (x) => x.held.files, writer)) {
      if (ok) {
        const errors = packed.errors.get(p.index);
        yield { text: p.held.line, head: { scoring_type: p.def.scoring_type, question_id: p.def.question_id, sample_number: p.sample, ...(errors !== undefined ? { precheck_errors: errors } : {}) } };
      } else {
        const entry = direct(p.def, p.sample, cache);
        yield { text: pyJsonDumps(entry), head: entry };
      }
    }
  } finally {
    cache.close();
  }
}
