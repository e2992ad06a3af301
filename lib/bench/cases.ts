import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySamplesOverride, loadDefinitions } from '../definitions/parse';
import { buildInstances } from '../generation/build-instances';
import { loadEntityPool } from '../generation/entity-pool';
import { writePrecheckStream } from '../runner/precheck-file';
import { startRun } from '../runner/start-run';
import type { AgentConfig } from '../runner/types';
import { findBundledSuite } from '../suites';
import { systemClock } from '../util/clock';
import { benchScoring } from './scoring';
import { distributedScaling, distributedWriteRate } from './distributed';
import { sharedPath } from '../testing/shared-data';

type Figures = Record<string, number | string>;

/** The reference's PAST definitions, when the shared compatibility data is beside the repo. */
const PAST = sharedPath('picard', 'picard_abridged_standard.yaml');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Precheck + every sandbox file for PAST with samples 200 (2,000 instances, 400 CSV + 400 SQLite files). */
async function generation(): Promise<Figures> {
  const file = existsSync(PAST) ? PAST : findBundledSuite('standard')!.file;
  const tests = applySamplesOverride(loadDefinitions(file), 200).tests;
  const pools = loadEntityPool();
  const times: number[] = [];
  let instances = 0;
  let copyS = 0;
  for (let i = 0; i < 7; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'picard-bench-gen-'));
    const t0 = performance.now();
    instances = writePrecheckStream(dir, buildInstances(tests, { seed: i + 1, sandboxRoot: join(dir, 'sandbox'), pools, clock: systemClock })).items.length;
    times.push((performance.now() - t0) / 1000);
    if (i === 0) {
      const c0 = performance.now();
      spawnSync('cp', ['-r', dir, `${dir}-copy`]);
      copyS = (performance.now() - c0) / 1000;
      rmSync(`${dir}-copy`, { recursive: true, force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { definitions: file.endsWith('picard_abridged_standard.yaml') ? 'PAST' : 'standard', instances, medianS: median(times), minS: Math.min(...times), maxS: Math.max(...times), cpTreeS: copyS };
}

/** A whole run through `startRun`: items/s with every file and score written (precheck timed separately). */
async function run(items: number, agent: AgentConfig, concurrency: number): Promise<Figures> {
  const suite = findBundledSuite('quickstart')!.file;
  const perTest = Math.ceil(items / 6);
  const results = mkdtempSync(join(tmpdir(), 'picard-bench-run-'));
  try {
    const t0 = performance.now();
    const handle = await startRun({ definitionsFile: suite, resultsDir: results, seed: 1, samples: perTest, agent, concurrency, retries: 0 });
    const precheckS = (performance.now() - t0) / 1000;
    let loopStart = 0;
    handle.bus.subscribe((e) => {
      if (e.type === 'run-started') loopStart = performance.now();
    });
    const r = await handle.done;
    const runS = (performance.now() - loopStart) / 1000;
    return { items: r.total, completed: r.completed, errored: r.errored, precheckS, runS, itemsPerSecond: Math.round(r.completed / runS) };
  } finally {
    rmSync(results, { recursive: true, force: true });
  }
}

async function withFakeOpenAI<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fake-openai-process.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((res, rej) => {
    child.stdout.once('data', (d: Buffer) => res(d.toString().trim()));
    child.once('exit', () => rej(new Error('fake server exited')));
  });
  try {
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
  }
}

export const cases = {
  'generation-past-x200': generation,
  'scoring-20000': async () => ({ ...(await benchScoring(20_000)) }) as unknown as Figures,
  'run-simulated-10000': () => run(10_000, { kind: 'simulated', thinkMs: 0 }, 8),
  'run-openai-fake-10000-c32': () =>
    withFakeOpenAI((url) => {
      process.env.BENCH_KEY = 'sk-bench';
      return run(10_000, { kind: 'openai', baseUrl: url, model: 'bench-model', apiKeyEnv: 'BENCH_KEY', maxRounds: 4 }, 32);
    }),
  'run-simulated-100000': () => run(100_000, { kind: 'simulated', thinkMs: 0 }, 8),
  'distributed-1-vs-3-workers': distributedScaling,
  'distributed-coordinator-writes-10002': distributedWriteRate,
} satisfies Record<string, () => Promise<Figures>>;

export const caseNames = Object.keys(cases);
