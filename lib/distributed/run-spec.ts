import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applySamplesOverride, parseDefinitionsText } from '../definitions/parse';
import type { TestDefinition } from '../definitions/types';
import { buildInstance } from '../generation/build-instance';
import { entityPoolsFromText, type EntityPools } from '../generation/entity-pool';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { runFiles } from '../results/run-files';
import type { AgentConfig } from '../agents/agent-kinds';
import type { RunManifest } from '../results/types';
import type { Clock } from '../util/clock';

/** Largest sandbox area (uncompressed bytes) a worker sends back for one item; the rest is left out and noted. */
export const DEFAULT_ARCHIVE_CAP_BYTES = 8 * 1024 * 1024;

/**
 * Everything a worker needs to run a run's items, written to Redis once per run. No secrets: the agent
 * configuration names the environment variable of its key (`apiKeyEnv`), each worker reads its own.
 */
/**
 * The version of what coordinators and workers say to each other through Redis: this specification and the
 * results-stream messages (`messages.ts`). Bump it whenever either changes shape; a worker refuses a run whose
 * specification carries another version, and says so on its heartbeat (the coordinator and the workers page show it).
 * `protocol.test.ts` fails when those declarations change and this does not.
 */
export const RUN_SPEC_FORMAT = 'picard-run-spec/2';

export interface RunSpec {
  format: typeof RUN_SPEC_FORMAT;
  runId: string;
  queue: string;
  definitions: { file: string; text: string; sha256: string; samplesOverride: number | null };
  seed: number;
  /** The run's resume count (the simulated agent's fault draws depend on it, as in-process). */
  epoch: number;
  entityPool: { file: string; text: string };
  agent: AgentConfig;
  maxAttempts: number;
  baseDelayMs: number;
  /** The coordinator's sandbox root: workers write it instead of their own in what they send back. */
  sandboxDir: string;
  archiveCapBytes: number;
}

export class RunSpecError extends Error {
  readonly code = 'RUN_SPEC';
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * The specification of a run from its folder: the definitions are the folder's copy (`definitions.yaml`), or the
 * original file while it is unchanged (folders from before the copy existed); the seed, samples, agent and retry
 * options come from the manifest.
 */
export function buildRunSpec(dir: string, manifest: RunManifest, queue: string, archiveCapBytes = DEFAULT_ARCHIVE_CAP_BYTES): RunSpec {
  const want = manifest.definitions.sha256;
  const candidates = [join(dir, runFiles.definitions), manifest.definitions.file];
  const bytes = candidates.filter((f) => existsSync(f)).map((f) => readFileSync(f)).find((b) => sha256(b) === want);
  if (!bytes) {
    throw new RunSpecError(`cannot send run ${manifest.test_id} to workers: neither ${candidates.join(' nor ')} holds the definitions it was made from (sha256 ${want.slice(0, 12)}…)`);
  }
  const agent = manifest.agent.config as AgentConfig | undefined;
  if (!agent) throw new RunSpecError(`${join(dir, runFiles.manifest)} does not record the agent settings`);
  let poolText: string;
  try {
    poolText = readFileSync(manifest.entity_pool.file, 'utf8');
  } catch (err) {
    throw new RunSpecError(`cannot send run ${manifest.test_id} to workers: entity pool ${manifest.entity_pool.file}: ${(err as Error).message}`);
  }
  return {
    format: RUN_SPEC_FORMAT,
    runId: manifest.test_id,
    queue,
    definitions: { file: manifest.definitions.file, text: new TextDecoder('utf-8').decode(bytes), sha256: want, samplesOverride: manifest.definitions.samples_override },
    seed: manifest.seed,
    epoch: manifest.resumes ?? 0,
    entityPool: { file: manifest.entity_pool.file, text: poolText },
    agent,
    maxAttempts: manifest.options.retries + 1,
    baseDelayMs: manifest.options.delay_s * 1000,
    sandboxDir: manifest.sandbox_dir,
    archiveCapBytes,
  };
}

/** Checks a spec read from Redis (another version of PICARD Live may have written it). */
export function parseRunSpec(text: string | null, queue: string): RunSpec {
  if (text === null) throw new RunSpecError(`run ${queue} has no specification in Redis`);
  let spec: RunSpec;
  try {
    spec = JSON.parse(text) as RunSpec;
  } catch (err) {
    throw new RunSpecError(`run ${queue}: its specification is not JSON (${(err as Error).message})`);
  }
  if (spec?.format !== RUN_SPEC_FORMAT) {
    const theirs = typeof spec?.format === 'string' ? `'${spec.format}'` : 'no format';
    throw new RunSpecError(`run ${queue} comes from another version of PICARD Live (its specification has ${theirs}, this worker reads '${RUN_SPEC_FORMAT}'): run the coordinator and the workers from the same version`);
  }
  return spec;
}

/** Regenerates a run's instances on a worker: the same definitions, seed and entity pool give the same instances. */
export interface InstanceMaker {
  tests: TestDefinition[];
  pools: EntityPools;
  /** Writes the instance's sandbox area under `sandboxRoot` and returns its precheck entry. */
  build(questionId: number | string, sample: number): PrecheckEntry;
}

export function instanceMaker(spec: RunSpec, sandboxRoot: string, clock: Clock): InstanceMaker {
  const parsed = parseDefinitionsText(spec.definitions.text, spec.definitions.file);
  const defs = spec.definitions.samplesOverride === null ? parsed : applySamplesOverride(parsed, spec.definitions.samplesOverride);
  const pools = entityPoolsFromText(spec.entityPool.text, spec.entityPool.file);
  const byId = new Map(defs.tests.map((t) => [String(t.question_id), t]));
  return {
    tests: defs.tests,
    pools,
    build(questionId, sample) {
      const def = byId.get(String(questionId));
      if (!def || !Number.isInteger(sample) || sample < 1 || sample > def.samples) {
        throw new RunSpecError(`run ${spec.queue}: the definitions have no instance q${questionId}_s${sample}`);
      }
      return buildInstance(def, sample, { seed: spec.seed, sandboxRoot, pools, clock });
    },
  };
}
