/**
 * The benchmark cases. Each returns its figures and, for each headline figure, the floor or peer it is compared
 * with, measured in the same run (`vs`): the `cmd-*` cases time whole compiled `picard` commands against bare
 * Node scripts or `cp -r`; the others time the framework in process (under tsx) against the same floors.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySamplesOverride, loadDefinitions } from '../definitions/parse';
import { buildInstances } from '../generation/build-instances';
import { loadEntityPool } from '../generation/entity-pool';
import { writePrecheckStream } from '../runner/precheck-file';
import { startRun } from '../runner/start-run';
import type { AgentConfig } from '../agents/agent-kinds';
import { findBundledSuite } from '../suites';
import { systemClock } from '../util/clock';
import type { Comparison } from './comparison';
import { timeCommand, timeNode, timePicard } from './process-timer';
import { benchScoring, buildSyntheticRun } from './scoring';
import { distributedScaling, distributedWriteRate } from './distributed';
import { sharedPath } from '../testing/shared-data';

export type Figures = Record<string, number | string>;
export interface CaseResult {
  figures: Figures;
  vs: Comparison[];
}
/** `--scale` multiplies every item count (1 = the sizes in the case names); `--repeat` overrides repetitions. */
export interface BenchOptions {
  scale: number;
  repeat?: number;
}

/** The reference's PAST definitions, when the shared compatibility data is beside the repo. */
const PAST = sharedPath('picard', 'picard_abridged_standard.yaml');
const WRITE_FLOOR = fileURLToPath(new URL('./floors/write-items.mjs', import.meta.url));
const PARSE_FLOOR = fileURLToPath(new URL('./floors/parse-jsonl.mjs', import.meta.url));
const SCORE_FLOOR = fileURLToPath(new URL('./floors/score-work.mjs', import.meta.url));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scaled = (n: number, o: BenchOptions) => Math.max(1, Math.round(n * o.scale));
const tmp = (what: string) => mkdtempSync(join(tmpdir(), `picard-bench-${what}-`));
const lineCount = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').length;

function generationSuite(): { file: string; name: string } {
  return existsSync(PAST) ? { file: PAST, name: 'PAST' } : { file: findBundledSuite('standard')!.file, name: 'standard' };
}

/** `picard --help` against `node -e 0`, alternating, median of `repeat` (default 20). */
async function cliStart(o: BenchOptions): Promise<CaseResult> {
  const help: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < (o.repeat ?? 20); i++) {
    bare.push((await timeNode(['-e', '0'], { rss: false })).seconds);
    help.push((await timePicard(['--help'], { rss: false })).seconds);
  }
  return {
    figures: { runs: help.length, helpMedianS: median(help), helpMinS: Math.min(...help), nodeMedianS: median(bare), nodeMinS: Math.min(...bare) },
    vs: [{ figure: 'picard --help (median)', value: median(help), floor: 'node -e 0 (median)', floorValue: median(bare), unit: 's', better: 'lower' }],
  };
}

/** Whole `picard precheck` of PAST ×200 against `cp -r` of the tree it wrote; median of `repeat` (default 5). */
async function cmdPrecheck(o: BenchOptions): Promise<CaseResult> {
  const suite = generationSuite();
  const samples = scaled(200, o);
  const times: number[] = [];
  const copies: number[] = [];
  let rss = 0;
  let instances = 0;
  for (let i = 0; i < (o.repeat ?? 5); i++) {
    const base = tmp('precheck');
    try {
      const out = join(base, 'run');
      const r = await timePicard(['precheck', '-d', suite.file, '--samples', String(samples), '--seed', String(i + 1), '--out', out]);
      times.push(r.seconds);
      rss = Math.max(rss, r.peakRssMB);
      instances = lineCount(join(out, 'precheck.jsonl'));
      copies.push(await timeCommand('cp', ['-r', out, join(base, 'copy')]));
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }
  return {
    figures: { definitions: suite.name, samples, instances, medianS: median(times), minS: Math.min(...times), cpTreeMedianS: median(copies), peakRssMB: Math.round(rss) },
    vs: [{ figure: `picard precheck ${suite.name} ×${samples}`, value: median(times), floor: 'cp -r of the generated tree', floorValue: median(copies), unit: 's', better: 'lower' }],
  };
}

/**
 * Whole `picard run` (simulated, think 0, concurrency 32) against the bare writer script, same items, 32 in flight,
 * alternated `repeat` times (default 1): median rates, the largest peak RSS, and CPU time (user + system, every
 * thread) per item, median.
 */
async function cmdRun(o: BenchOptions, nominal = 10_000): Promise<CaseResult> {
  const perTest = Math.ceil(scaled(nominal, o) / 6);
  const items = perTest * 6;
  const runs: { rate: number; rss: number; cpuUs: number; floorRate: number; floorRss: number; floorCpuUs: number }[] = [];
  for (let i = 0; i < (o.repeat ?? 1); i++) {
    const base = tmp('cmd-run');
    try {
      const results = join(base, 'results');
      const r = await timePicard(['run', '-d', findBundledSuite('quickstart')!.file, '--samples', String(perTest), '--think-ms', '0', '--concurrency', '32', '--seed', '1', '--results-dir', results, '-q']);
      const dir = r.stdout.trim().split('\n').at(-1)!;
      const done = lineCount(join(dir, 'responses.jsonl'));
      if (done !== items) throw new Error(`picard run wrote ${done} of ${items} responses`);
      const f = await timeNode([WRITE_FLOOR, '--dir', join(base, 'floor'), '--items', String(items), '--concurrency', '32']);
      runs.push({ rate: items / r.seconds, rss: r.peakRssMB, cpuUs: (r.cpuSeconds * 1e6) / items, floorRate: items / f.seconds, floorRss: f.peakRssMB, floorCpuUs: (f.cpuSeconds * 1e6) / items });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }
  const m = (k: keyof (typeof runs)[number]) => median(runs.map((x) => x[k]));
  const cmdRate = m('rate');
  const floorRate = m('floorRate');
  const rss = Math.max(...runs.map((x) => x.rss));
  const floorRss = Math.max(...runs.map((x) => x.floorRss));
  return {
    figures: {
      items, runs: runs.length, seconds: items / cmdRate, itemsPerSecond: Math.round(cmdRate), itemsPerSecondAll: runs.map((x) => Math.round(x.rate)).join('/'),
      cpuUsPerItem: Math.round(m('cpuUs')), peakRssMB: Math.round(rss),
      floorItemsPerSecond: Math.round(floorRate), floorItemsPerSecondAll: runs.map((x) => Math.round(x.floorRate)).join('/'), floorCpuUsPerItem: Math.round(m('floorCpuUs')), floorPeakRssMB: Math.round(floorRss),
    },
    vs: [
      { figure: `picard run ${items} items, c32 (whole)`, value: cmdRate, floor: 'bare script, same files, 32 in flight', floorValue: floorRate, unit: 'items/s', better: 'higher' },
      { figure: 'picard run CPU per item', value: m('cpuUs'), floor: 'bare script CPU per item', floorValue: m('floorCpuUs'), unit: 'µs', better: 'lower' },
      { figure: 'picard run peak RSS', value: rss, floor: 'bare script peak RSS', floorValue: floorRss, unit: 'MB', better: 'lower' },
    ],
  };
}

/**
 * Whole `picard score` on a synthetic run against two floors, alternated, median of `repeat` (default 3): a bare loop
 * parsing its two JSONL files, and a bare script doing the work no scorer can skip (parsing, each item's `stat`s and
 * reads, the detailed results written with the engine's `JSON.stringify`).
 */
async function cmdScore(o: BenchOptions): Promise<CaseResult> {
  const items = scaled(20_000, o);
  const base = tmp('cmd-score');
  try {
    const dir = buildSyntheticRun(join(base, 'bench_20250101_000000'), items);
    const score: number[] = [];
    const oneThread: number[] = [];
    const parse: number[] = [];
    const work: number[] = [];
    let rss = 0;
    let floorRss = 0;
    let workRss = 0;
    for (let i = 0; i < (o.repeat ?? 3); i++) {
      const f = await timeNode([PARSE_FLOOR, dir]);
      parse.push(f.seconds);
      floorRss = Math.max(floorRss, f.peakRssMB);
      const w = await timeNode([SCORE_FLOOR, dir, join(base, 'floor-scores.json')]);
      if ((JSON.parse(w.stdout) as { items: number }).items !== items) throw new Error(`score-work.mjs scored ${w.stdout.trim()}, not ${items} items`);
      work.push(w.seconds);
      workRss = Math.max(workRss, w.peakRssMB);
      const r = await timePicard(['score', dir]);
      score.push(r.seconds);
      rss = Math.max(rss, r.peakRssMB);
      oneThread.push((await timePicard(['score', dir], { env: { PICARD_SCORE_THREADS: '1' } })).seconds);
    }
    return {
      figures: {
        items, medianS: median(score), itemsPerSecond: Math.round(items / median(score)), peakRssMB: Math.round(rss), oneThreadMedianS: median(oneThread),
        parseMedianS: median(parse), floorPeakRssMB: Math.round(floorRss), workFloorMedianS: median(work), workFloorPeakRssMB: Math.round(workRss),
      },
      vs: [
        { figure: `picard score ${items} items (whole)`, value: median(score), floor: 'bare script: parse, stat/read, stringify', floorValue: median(work), unit: 's', better: 'lower' },
        { figure: `picard score ${items} items (whole)`, value: median(score), floor: 'bare loop parsing the same JSONL', floorValue: median(parse), unit: 's', better: 'lower' },
        { figure: `the same on one thread (PICARD_SCORE_THREADS=1)`, value: median(oneThread), floor: 'bare script: parse, stat/read, stringify', floorValue: median(work), unit: 's', better: 'lower' },
        { figure: 'picard score peak RSS', value: rss, floor: 'bare script (parse, stat/read, stringify) peak RSS', floorValue: workRss, unit: 'MB', better: 'lower' },
      ],
    };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** Precheck + every sandbox file for PAST ×200 in process; median of `repeat` (default 7) against `cp -r` of the tree. */
async function generation(o: BenchOptions): Promise<CaseResult> {
  const suite = generationSuite();
  const tests = applySamplesOverride(loadDefinitions(suite.file), scaled(200, o)).tests;
  const pools = loadEntityPool();
  const times: number[] = [];
  const copies: number[] = [];
  let instances = 0;
  for (let i = 0; i < (o.repeat ?? 7); i++) {
    const dir = tmp('gen');
    try {
      const t0 = performance.now();
      instances = writePrecheckStream(dir, buildInstances(tests, { seed: i + 1, sandboxRoot: join(dir, 'sandbox'), pools, clock: systemClock })).items.length;
      times.push((performance.now() - t0) / 1000);
      copies.push(await timeCommand('cp', ['-r', dir, `${dir}-copy`]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-copy`, { recursive: true, force: true });
    }
  }
  return {
    figures: { definitions: suite.name, instances, medianS: median(times), minS: Math.min(...times), maxS: Math.max(...times), cpTreeMedianS: median(copies) },
    vs: [{ figure: `generation ${suite.name} (in process)`, value: median(times), floor: 'cp -r of the generated tree', floorValue: median(copies), unit: 's', better: 'lower' }],
  };
}

/** `scoreRun` in process against the same parse loop in process. */
async function scoring(o: BenchOptions): Promise<CaseResult> {
  const r = await benchScoring(scaled(20_000, o));
  return {
    figures: { items: r.items, seconds: r.seconds, itemsPerSecond: Math.round(r.itemsPerSecond), parseSeconds: r.parseSeconds },
    vs: [{ figure: `scoreRun ${r.items} items (in process)`, value: r.seconds, floor: 'parsing the same JSONL (in process)', floorValue: r.parseSeconds, unit: 's', better: 'lower' }],
  };
}

/** A whole run through `startRun` (loop timed apart from precheck) against the bare writer's loop, same items and concurrency. */
async function run(items: number, agent: AgentConfig, concurrency: number): Promise<CaseResult> {
  const suite = findBundledSuite('quickstart')!.file;
  const perTest = Math.ceil(items / 6);
  const results = tmp('run');
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
    rmSync(results, { recursive: true, force: true });
    const f = await timeNode([WRITE_FLOOR, '--dir', join(results, 'floor'), '--items', String(r.total), '--concurrency', String(concurrency)], { rss: false });
    const floorLoopS = (JSON.parse(f.stdout.trim()) as { seconds: number }).seconds;
    const rate = r.completed / runS;
    const floorRate = r.total / floorLoopS;
    return {
      figures: { items: r.total, completed: r.completed, errored: r.errored, precheckS, runS, itemsPerSecond: Math.round(rate), floorItemsPerSecond: Math.round(floorRate) },
      vs: [{ figure: `${agent.kind} run loop, c${concurrency} (in process)`, value: rate, floor: `bare script loop, ${concurrency} in flight`, floorValue: floorRate, unit: 'items/s', better: 'higher' }],
    };
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
  'cli-start': cliStart,
  'cmd-precheck-past-x200': cmdPrecheck,
  'cmd-run-simulated-10000-c32': (o: BenchOptions) => cmdRun(o),
  'cmd-run-simulated-100000-c32': (o: BenchOptions) => cmdRun(o, 100_000),
  'cmd-score-20000': cmdScore,
  'generation-past-x200': generation,
  'scoring-20000': scoring,
  'run-simulated-10000': (o: BenchOptions) => run(scaled(10_000, o), { kind: 'simulated', thinkMs: 0 }, 8),
  'run-openai-fake-10000-c32': (o: BenchOptions) =>
    withFakeOpenAI((url) => {
      process.env.BENCH_KEY = 'sk-bench';
      return run(scaled(10_000, o), { kind: 'openai', baseUrl: url, model: 'bench-model', apiKeyEnv: 'BENCH_KEY', maxRounds: 4 }, 32);
    }),
  'run-simulated-100000': (o: BenchOptions) => run(scaled(100_000, o), { kind: 'simulated', thinkMs: 0 }, 8),
  'distributed-1-vs-3-workers': async () => {
    const f = await distributedScaling();
    return {
      figures: f,
      vs: [{ figure: '3 workers, think-time-bound run', value: Number(f.threeWorkersS), floor: '1 worker, same slots per worker', floorValue: Number(f.oneWorkerS), unit: 's', better: 'lower' }],
    };
  },
  'distributed-coordinator-writes-10002': async () => {
    const f = await distributedWriteRate();
    return {
      figures: f,
      vs: [
        { figure: 'coordinator drains results', value: Number(f.itemsPerSecond), floor: 'bare script, same entries and files', floorValue: Number(f.floorItemsPerSecond), unit: 'items/s', better: 'higher' },
        { figure: 'the same, per CPU-second', value: Number(f.itemsPerCpuSecond), floor: 'bare script, per CPU-second', floorValue: Number(f.floorItemsPerCpuSecond), unit: 'items/s', better: 'higher' },
      ],
    };
  },
} satisfies Record<string, (o: BenchOptions) => Promise<CaseResult>>;

export const caseNames = Object.keys(cases);
