/**
 * Dashboard benchmark with real Chromium (`npm run bench:ui -- [--only big,list,live,floor] [--big-items N]
 * [--runs N] [--items N] [--think-ms MS] [--concurrency N] [--browsers N] [--watchers plain|playwright] [--dir DIR]
 * [--cpu-prof DIR]`), for issue 12's goals (`--cpu-prof` writes the server's V8 CPU profile into DIR when it stops,
 * and for live the traced page's as `page-live.cpuprofile`, its latency trace as `page-live.trace.json` and a
 * Chromium timeline of the run as `page-live.timeline.json`):
 *
 *  - big: a finished synthetic run of 200,000 items (lib/index/testing/synthetic-run.ts), its index present
 *    (caught up before the server starts), a fresh server: navigation → first rows painted; then a status
 *    filter (`failing`) and a sort by tokens applied (select → the table showing that query's rows); the
 *    server's peak memory (VmHWM of its process) while opening it.
 *  - list: the run list with 1,000 runs (the big one plus 999 small ones): navigation → first run row painted.
 *  - live: a simulated run started from the new-run form aimed at ~500 items/s (think 16 ms, concurrency 24),
 *    watched by `--browsers` pages (default 20): the traced one (Playwright) sets `window.__picardTrace` and
 *    records, for every scored item, when the batch holding it was painted; the others are windows of a second
 *    Chromium no driver is attached to (`--watchers playwright`: Playwright pages), checked at the end to be
 *    visible, drawing frames and showing rows. Latency = paint time − the item-scored event time (when its
 *    scores.progress.jsonl line is written), and the part until the event reached the page; that page's
 *    main-thread time while it watched (Chromium's TaskDuration, script, style + layout: wall time, which
 *    includes time the renderer waited for a core), its socket's frames and bytes; the CPU of every Chromium
 *    process by kind (renderer, gpu, browser, utility; from /proc), per page and batch rendered, of the server
 *    and of this process; the machine's busy share; then the same pages' CPU for 5 s at rest after the run.
 *  - floor: `--browsers` pages that only change one number every 100 ms: what Chromium costs per page and update
 *    on this machine whatever the page does.
 *
 * Compiles, then starts the compiled server. Builds the production app when `.next/BUILD_ID` is missing. `--dir` keeps the generated folders between runs.
 * Prints each figure beside its goal and the figure measured before the index (issue 12), then one JSON line.
 * Nothing is asserted.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { WebSocket } from 'ws';
import { compile, REPO_ROOT, serverArgs } from '../testing/entries';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { catchUpResults } from '../index/catch-up-results';
import { openResultsIndex } from '../index/open';
import { writeSyntheticRun } from '../index/testing/synthetic-run';

const ROOT = REPO_ROOT;
const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const ONLY = new Set((arg('--only') ?? 'big,list,live,floor').split(','));
const BIG_ITEMS = Number(arg('--big-items') ?? 200_000);
const RUNS = Number(arg('--runs') ?? 1000);
const SAMPLES = Math.ceil(Number(arg('--items') ?? 6000) / 6);
const THINK_MS = arg('--think-ms') ?? '16';
const CONCURRENCY = arg('--concurrency') ?? '24';
const BROWSERS = Number(arg('--browsers') ?? 20);
const WATCHERS = arg('--watchers') ?? 'plain';
const PORT = Number(process.env.BENCH_PORT ?? 3191);
const CPU_PROF = arg('--cpu-prof');
const BIG_ID = `big${BIG_ITEMS}_20261126_100000`;

/** Goals from issue 12 and the figures measured before the index (same machine, see docs/benchmarks.md). */
const GOALS: Record<string, { goal: string; before: string }> = {
  big_first_rows_ms: { goal: '< 1000', before: '9,800 (200k, fresh server)' },
  big_filter_ms: { goal: '< 300', before: '264 (client-side)' },
  big_sort_tokens_ms: { goal: '< 300', before: '—' },
  big_server_peak_mb: { goal: '< 400', before: '1,190' },
  list_ms: { goal: '< 500', before: '—' },
  live_p95_ms: { goal: '< 250 at 500 items/s, 20 browsers', before: '82–591 at 381 items/s, 1 browser' },
};

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** CPU time a process has used so far (user + system, all threads), in ms (Linux clock ticks are 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * CPU used so far by this process's Chromium descendants, in ms, by kind (`renderer`, `gpu-process`, `utility`,
 * `browser`, … from `--type=`), with the number of processes of each kind. Processes that exited are not counted,
 * so compare two readings over the same pages.
 */
function chromiumCpu(): Record<string, { ms: number; n: number }> {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try { parent.set(Number(d), Number(readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1])); } catch { /* exited */ }
  }
  const mine = (pid: number): boolean => { for (let p = parent.get(pid); p; p = parent.get(p)) if (p === process.pid) return true; return false; };
  const out: Record<string, { ms: number; n: number }> = {};
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    try {
      // Chromium rewrites its children's command lines into one space-separated string.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!/^\S*chrom/i.test(cmd)) continue;
      const kind = /--type=(\S+)/.exec(cmd)?.[1] ?? 'browser';
      const k = (out[kind] ??= { ms: 0, n: 0 });
      k.ms += cpuMs(pid);
      k.n += 1;
    } catch { /* exited */ }
  }
  return out;
}

/** The machine's busy and total CPU time so far (all cores, from /proc/stat), in ms. */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0) * 10;
  return { busy: total - (f[3] + f[4]) * 10, total };
}

/** Per-kind Chromium CPU between two readings, as `figures` entries (`<prefix>_<kind>_cpu_ms`). */
function chromiumDelta(prefix: string, a: ReturnType<typeof chromiumCpu>, b: ReturnType<typeof chromiumCpu>, figures: Record<string, number | string>): void {
  for (const [kind, v] of Object.entries(b)) figures[`${prefix}_${kind.replace(/-process$/, '')}_cpu_ms`] = v.ms - (a[kind]?.ms ?? 0);
}

function startServer(resultsDir: string): Promise<ChildProcess> {
  const prof = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, ...serverArgs()], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', HOST: '127.0.0.1', PORT: String(PORT), PICARD_RESULTS_DIR: resultsDir },
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('PICARD Live on')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); });
}

/** The big run and `RUNS - 1` small ones under `dir`, made once, with their index caught up. */
async function prepare(dir: string): Promise<void> {
  if (!existsSync(path.join(dir, BIG_ID, 'scores.progress.jsonl'))) {
    process.stderr.write(`ui-latency: writing a ${BIG_ITEMS}-item run and ${RUNS - 1} small runs…\n`);
    writeSyntheticRun(dir, BIG_ID, { items: BIG_ITEMS, label: 'big', seed: 5 });
    for (let i = 1; i < RUNS; i++) {
      writeSyntheticRun(dir, `small${i}_20261126_100000`, { items: 20, seed: i, label: `small ${i}`, model: i % 2 ? 'gpt-x' : 'llama-y', createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() });
    }
  }
  const index = openResultsIndex(dir);
  const t = performance.now();
  await catchUpResults(index);
  index.close();
  process.stderr.write(`ui-latency: index caught up in ${Math.round(performance.now() - t)} ms\n`);
}

async function timeSelect(page: Page, testId: string, value: string, done: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await page.getByTestId(testId).selectOption(value);
  await done();
  return Math.round(performance.now() - t0);
}

async function benchBig(browser: Browser, dir: string, figures: Record<string, number | string>): Promise<void> {
  const server = await startServer(dir);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const base = `http://127.0.0.1:${PORT}`;
    const t0 = performance.now();
    await page.goto(`${base}/runs/${BIG_ID}`, { waitUntil: 'commit' });
    await page.locator('[data-testid="item-row"]').first().waitFor({ timeout: 120_000 });
    figures.big_first_rows_ms = Math.round(performance.now() - t0);
    await page.waitForTimeout(1000); // whatever the page still loads after the first rows
    figures.big_server_peak_mb = peakMb(server.pid!);
    const table = page.getByTestId('item-table');
    figures.big_filter_ms = await timeSelect(page, 'filter-status', 'failing', () => page.waitForFunction(() => {
      const t = document.querySelector('[data-testid="item-table"]');
      const first = t?.querySelector('[data-testid="item-row"]');
      const s = first?.getAttribute('data-status');
      return t && t.getAttribute('data-rows') !== t.getAttribute('data-total-run') && (s === 'failed' || s === 'errored') && t.getAttribute('data-loading') !== 'true';
    }, undefined, { timeout: 60_000 }));
    await page.getByTestId('filter-status').selectOption('all');
    await page.waitForFunction(() => document.querySelector('[data-testid="item-table"]')?.getAttribute('data-loading') !== 'true');
    const windowed = (await table.getAttribute('data-query')) !== null;
    figures.big_sort_tokens_ms = windowed
      ? await timeSelect(page, 'sort', 'tokens', () => page.waitForFunction(() => {
        const t = document.querySelector('[data-testid="item-table"]');
        return t?.getAttribute('data-query')?.includes('"sort":"tokens"') && t.getAttribute('data-loading') !== 'true' && t.querySelector('[data-testid="item-row"]');
      }, undefined, { timeout: 60_000 }))
      : 'n/a (client-side sort)';
    figures.big_server_peak_mb = peakMb(server.pid!);
    await page.close();
  } finally {
    await stopServer(server);
  }
}

async function benchList(browser: Browser, dir: string, figures: Record<string, number | string>): Promise<void> {
  const server = await startServer(dir);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await page.goto(`http://127.0.0.1:${PORT}/`, { waitUntil: 'commit' });
      await page.locator('[data-testid="run-row"]').first().waitFor({ timeout: 120_000 });
      times.push(Math.round(performance.now() - t0));
    }
    figures.list_cold_ms = times[0];
    figures.list_ms = [...times].sort((a, b) => a - b)[1];
    await page.close();
  } finally {
    await stopServer(server);
  }
}

interface Watchers {
  /** How many watchers are visible, produce animation frames and show the run's rows (they must all, or they cost nothing). */
  check(): Promise<{ visible: number; framing: number; rows: number }>;
  close(): Promise<void>;
}

/** Evaluated in a watcher: visibility, animation frames in 300 ms, rows shown. */
const WATCHER_PROBE = `new Promise((done) => {
  let frames = 0; const t0 = performance.now();
  const f = () => { frames += 1; if (performance.now() - t0 < 300) requestAnimationFrame(f); else done({ visible: document.visibilityState === 'visible', frames, rows: document.querySelectorAll('[data-testid="item-row"]').length }); };
  requestAnimationFrame(f); setTimeout(() => done({ visible: document.visibilityState === 'visible', frames, rows: -1 }), 3000);
})`;

function tallyProbes(seen: Array<{ visible: boolean; frames: number; rows: number }>): { visible: number; framing: number; rows: number } {
  return { visible: seen.filter((p) => p.visible).length, framing: seen.filter((p) => p.frames >= 3).length, rows: seen.filter((p) => p.rows > 0).length };
}

/** Probes every tab of the watchers' Chromium showing `url` over its own CDP socket (one Runtime.evaluate each, nothing enabled). */
async function checkWatchers(port: number, url: string): Promise<{ visible: number; framing: number; rows: number }> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
  const seen = await Promise.all(targets.filter((t) => t.type === 'page' && t.url === url).map((t) => new Promise<{ visible: boolean; frames: number; rows: number }>((resolve, reject) => {
    const ws = new WebSocket(t.webSocketDebuggerUrl);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: WATCHER_PROBE, awaitPromise: true, returnByValue: true } })));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { id?: number; result?: { result: { value: { visible: boolean; frames: number; rows: number } } } };
      if (m.id === 1) { ws.close(); resolve(m.result!.result.value); }
    });
    ws.on('error', reject);
  })));
  return tallyProbes(seen);
}

/**
 * The other `n` pages watching `url`, each with its own socket. By default (`--watchers plain`) they are tabs of a
 * second Chromium that no driver is attached to (each opened in its own window by the browser target, no CDP
 * session on the tab), as a person's browser would be: with Playwright pages, Chromium copies every WebSocket frame of every page into CDP
 * events for the driver (the browser process and this one then parse the run's whole stream 20 times).
 * `--watchers playwright` makes them Playwright pages.
 */
async function openWatchers(browser: Browser, url: string, n: number): Promise<Watchers> {
  if (n <= 0) return { check: async () => ({ visible: 0, framing: 0, rows: 0 }), close: async () => undefined };
  if (WATCHERS === 'playwright') {
    const contexts = await Promise.all(Array.from({ length: n }, async () => {
      const ctx = await browser.newContext({ viewport: { width: 1200, height: 800 } });
      await (await ctx.newPage()).goto(url, { waitUntil: 'commit' });
      return ctx;
    }));
    const check = async () => {
      const seen = await Promise.all(contexts.map((c) => c.pages()[0].evaluate(WATCHER_PROBE) as Promise<{ visible: boolean; frames: number; rows: number }>));
      return tallyProbes(seen);
    };
    return { check, close: async () => { for (const c of contexts) await c.close(); } };
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'picard-ui-watchers-'));
  const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--window-size=1200,800', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'];
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // Its own process group: closing it ends every Chromium process it started, by that group's id.
  const child = spawn(exe, chromiumArgs, { stdio: 'ignore', detached: true });
  const portFile = path.join(profile, 'DevToolsActivePort');
  const readPort = () => (existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').split('\n')[0]) : 0);
  for (let i = 0; i < 200 && !(readPort() > 0); i++) await new Promise((r) => setTimeout(r, 50));
  const port = readPort();
  // Each tab in a window of its own (a background tab of headless Chromium is hidden and draws no frames),
  // made by the browser target's Target.createTarget: no session is attached to the tabs themselves.
  const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { webSocketDebuggerUrl: string };
  const cdp = new WebSocket(version.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { cdp.once('open', resolve); cdp.once('error', reject); });
  for (let id = 1; id <= n; id++) {
    await new Promise<void>((resolve, reject) => {
      const onMessage = (data: unknown) => {
        const m = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
        if (m.id !== id) return;
        cdp.off('message', onMessage);
        if (m.error) reject(new Error(`watcher ${id}: ${m.error.message}`)); else resolve();
      };
      cdp.on('message', onMessage);
      cdp.send(JSON.stringify({ id, method: 'Target.createTarget', params: { url, newWindow: true } }));
    });
  }
  cdp.close();
  return {
    check: () => checkWatchers(port, url),
    close: async () => {
      if (child.exitCode === null) await new Promise((r) => { child.once('exit', r); process.kill(-child.pid!, 'SIGTERM'); });
      await new Promise((r) => setTimeout(r, 500)); // its children leave after it
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* all gone */ }
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/** Chromium's performance counters of a page (durations in seconds). */
async function pageMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function benchLive(browser: Browser, figures: Record<string, number | string>): Promise<void> {
  const server = await startServer(mkdtempSync(path.join(os.tmpdir(), 'picard-ui-live-')));
  let watchers: Watchers | undefined;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const base = `http://127.0.0.1:${PORT}`;
    // What the traced page's socket receives while it watches: Socket.IO frames and their bytes.
    const ws = { counting: false, frames: 0, bytes: 0, requests: 0 };
    page.on('request', () => { if (ws.counting) ws.requests += 1; });
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
      if (ws.counting) { ws.frames += 1; ws.bytes += payload.length; }
    }));
    await page.addInitScript(() => { (window as unknown as { __picardTrace: unknown }).__picardTrace = { scored: [] }; });
    await page.goto(`${base}/runs/new`);
    await page.getByTestId('samples-input').fill(String(SAMPLES));
    await page.getByTestId('label-input').fill('latency');
    await page.getByTestId('advanced').locator('summary').click();
    await page.getByTestId('think-ms-input').fill(THINK_MS);
    await page.getByTestId('concurrency-input').fill(CONCURRENCY);
    await page.getByTestId('start-run').click();
    await page.waitForURL(/\/runs\/latency_/, { timeout: 120_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metricsBefore = await pageMetrics(cdp);
    const serverCpuBefore = cpuMs(server.pid!);
    if (CPU_PROF) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
      await browser.startTracing(page, { path: path.join(CPU_PROF, 'page-live.timeline.json'), screenshots: false,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz', 'gpu', 'toplevel', 'v8.execute'] });
    }
    watchers = await openWatchers(browser, page.url(), BROWSERS - 1);
    ws.counting = true;
    const chromeBefore = chromiumCpu();
    const benchBefore = process.cpuUsage();
    const machineBefore = machineCpu();
    const wallBefore = performance.now();
    await page.getByTestId('run-status').filter({ hasText: 'completed' }).waitFor({ timeout: 300_000 });
    await page.waitForTimeout(300); // let the last painted batch be recorded
    const wallMs = performance.now() - wallBefore;
    const metricsAfter = await pageMetrics(cdp);
    const chromeAfter = chromiumCpu();
    ws.counting = false;
    const bench = process.cpuUsage(benchBefore);
    const machineAfter = machineCpu();
    if (CPU_PROF) {
      writeFileSync(path.join(CPU_PROF, 'page-live.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
      await browser.stopTracing();
    }
    const { scored: trace, batches } = await page.evaluate(() => (window as unknown as { __picardTrace: { scored: Array<{ key: string; at: string; receivedAt?: number; paintedAt: number }>; batches?: number } }).__picardTrace);
    if (CPU_PROF) writeFileSync(path.join(CPU_PROF, 'page-live.trace.json'), JSON.stringify(trace));
    const lat = trace.map((t) => t.paintedAt - Date.parse(t.at)).sort((a, b) => a - b);
    // Split: line written → event in the page (server, socket, the page's busy main thread) and → painted.
    const delivered = trace.filter((t) => t.receivedAt !== undefined).map((t) => t.receivedAt! - Date.parse(t.at)).sort((a, b) => a - b);
    const times = trace.map((t) => Date.parse(t.at)).sort((a, b) => a - b);
    figures.live_items = SAMPLES * 6;
    figures.live_browsers = BROWSERS;
    figures.live_traced = trace.length;
    figures.live_rate_items_per_s = times.length > 1 ? Math.round((times.length - 1) / ((times.at(-1)! - times[0]) / 1000)) : NaN;
    figures.live_median_ms = percentile(lat, 0.5);
    figures.live_p95_ms = percentile(lat, 0.95);
    figures.live_max_ms = lat.at(-1) ?? NaN;
    figures.live_received_median_ms = percentile(delivered, 0.5);
    figures.live_received_p95_ms = percentile(delivered, 0.95);
    figures.live_server_peak_mb = peakMb(server.pid!);
    figures.live_server_cpu_ms = cpuMs(server.pid!) - serverCpuBefore;
    // The traced page's main thread while it watched the run (Chromium's counters, in ms): all tasks, script, style + layout.
    const spent = (name: string) => Math.round(((metricsAfter[name] ?? 0) - (metricsBefore[name] ?? 0)) * 1000);
    figures.live_page_task_ms = spent('TaskDuration');
    figures.live_page_script_ms = spent('ScriptDuration');
    figures.live_page_style_layout_ms = spent('RecalcStyleDuration') + spent('LayoutDuration');
    figures.live_page_busy_pct = Math.round((spent('TaskDuration') / wallMs) * 100);
    // Every Chromium process while the run streamed (all pages), and the machine: who had the cores.
    figures.live_wall_ms = Math.round(wallMs);
    chromiumDelta('live', chromeBefore, chromeAfter, figures);
    // Every Chromium process's CPU per page and batch rendered (the traced page's count for all): compare with the floor's.
    figures.live_page_batches = batches ?? 0;
    figures.live_renderer_processes = chromeAfter.renderer?.n ?? 0;
    const chromiumMs = Object.keys(chromeAfter).reduce((sum, k) => sum + chromeAfter[k].ms - (chromeBefore[k]?.ms ?? 0), 0);
    figures.live_chromium_ms_per_page_render = Math.round((chromiumMs / (BROWSERS * Math.max(1, batches ?? 0))) * 100) / 100;
    // This process: Playwright reads every page's CDP events (its WebSocket frames among them) — rig, not product.
    figures.live_bench_cpu_ms = Math.round((bench.user + bench.system) / 1000);
    figures.live_page_ws_frames = ws.frames;
    figures.live_page_ws_kb = Math.round(ws.bytes / 1024);
    figures.live_page_requests = ws.requests;
    figures.live_machine_busy_pct = Math.round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100);
    // The same pages with nothing streaming (the run finished): what Chromium costs at rest.
    const idleChrome = chromiumCpu();
    const idleMachine = machineCpu();
    const idleT = performance.now();
    await page.waitForTimeout(5000);
    const idleMs = performance.now() - idleT;
    const idle: Record<string, number | string> = {};
    chromiumDelta('idle', idleChrome, chromiumCpu(), idle);
    for (const [k, v] of Object.entries(idle)) figures[k.replace(/_ms$/, '_pct_of_core')] = Math.round((Number(v) / idleMs) * 100);
    const idleMachineAfter = machineCpu();
    figures.idle_machine_busy_pct = Math.round(((idleMachineAfter.busy - idleMachine.busy) / (idleMachineAfter.total - idleMachine.total)) * 100);
    const probe = await watchers.check();
    figures.live_watchers = BROWSERS - 1;
    figures.live_watchers_visible = probe.visible;
    figures.live_watchers_framing = probe.framing;
    figures.live_watchers_showing_rows = probe.rows;
    await page.close();
  } finally {
    await watchers?.close();
    await stopServer(server);
  }
}

/**
 * The floor: `--browsers` pages that do nothing but change one number every 100 ms (the rate the run page
 * renders at), no server, no socket. What Chromium itself costs per page and update on this machine, whatever the
 * page: the run page cannot cost less per render than this.
 */
async function benchFloor(browser: Browser, figures: Record<string, number | string>): Promise<void> {
  const html = '<!doctype html><body style="font-family:sans-serif"><p>Done <b id="d">0</b> / 6,000</p>'
    + '<script>let i = 0; setInterval(() => { document.getElementById("d").textContent = String(i += 50); }, 100);</script></body>';
  const contexts = await Promise.all(Array.from({ length: BROWSERS }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    await (await ctx.newPage()).setContent(html);
    return ctx;
  }));
  await new Promise((r) => setTimeout(r, 1000));
  const before = chromiumCpu();
  const machine = machineCpu();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, 10_000));
  const ms = performance.now() - t0;
  const after = chromiumCpu();
  const machineAfter = machineCpu();
  const d: Record<string, number | string> = {};
  chromiumDelta('floor', before, after, d);
  let total = 0;
  for (const [k, v] of Object.entries(d)) { figures[k.replace(/_ms$/, '_pct_of_core')] = Math.round((Number(v) / ms) * 100); total += Number(v); }
  figures.floor_pages = BROWSERS;
  figures.floor_chromium_pct_of_core = Math.round((total / ms) * 100);
  figures.floor_chromium_ms_per_page_update = Math.round((total / (BROWSERS * (ms / 100))) * 100) / 100;
  figures.floor_machine_busy_pct = Math.round(((machineAfter.busy - machine.busy) / (machineAfter.total - machine.total)) * 100);
  for (const c of contexts) await c.close();
}

await compile();
if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
  process.stderr.write('ui-latency: no production build, running next build…\n');
  spawnSync('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
}
const dir = arg('--dir') ?? mkdtempSync(path.join(os.tmpdir(), 'picard-ui-bench-'));
const figures: Record<string, number | string> = {};
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  if (ONLY.has('big') || ONLY.has('list')) await prepare(dir);
  if (ONLY.has('big')) await benchBig(browser, dir, figures);
  if (ONLY.has('list')) await benchList(browser, dir, figures);
  if (ONLY.has('live')) await benchLive(browser, figures);
  if (ONLY.has('floor')) await benchFloor(browser, figures);
} finally {
  await browser.close();
}
for (const [k, v] of Object.entries(figures)) {
  const g = GOALS[k];
  process.stdout.write(`${k.padEnd(24)} ${String(v).padStart(8)}${g ? `   goal ${g.goal}   before ${g.before}` : ''}\n`);
}
process.stdout.write(`${JSON.stringify(figures)}\n`);
