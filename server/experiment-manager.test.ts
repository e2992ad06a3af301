import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { stringify } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepDocFromForm } from '../app/actions/start-sweep-schema';
import type { ClientToServerEvents, ServerToClientEvents } from '../lib/live';
import type { ExperimentView } from '../lib/experiments';
import { ExperimentError } from '../lib/experiments';
import { resumeRun } from '../lib/runner/resume-run';
import { startRun } from '../lib/runner/start-run';
import { createDashboardServer } from './create-server';
import { attachExperimentBridge } from './experiment-bridge';
import { ExperimentManager } from './experiment-manager';
import { RunManager } from './run-manager';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** The form as the browser submits it: three simulated rows of different accuracy, one typed-in key. */
function formEntries(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'form-sweep', suite: 'quickstart', seed: '9', samples: '2',
    'models.0.label': 'strong', 'models.0.agent': 'simulated', 'models.0.accuracy': '1', 'models.0.thinkMs': '20', 'models.0.concurrency': '2',
    'models.1.label': 'middle', 'models.1.agent': 'simulated', 'models.1.accuracy': '0.5', 'models.1.thinkMs': '20',
    'models.2.label': 'weak', 'models.2.agent': 'simulated', 'models.2.accuracy': '0', 'models.2.thinkMs': '20',
    ...overrides,
  };
}

describe('sweep form → experiment file', () => {
  it('builds the experiment mapping with YAML keys; keys typed in stay apart; blanks are left out', () => {
    const { doc, apiKeys } = sweepDocFromForm({
      ...formEntries(), samples: '', 'models.3.label': 'gpt', 'models.3.agent': 'openai', 'models.3.baseUrl': 'http://127.0.0.1:9/v1',
      'models.3.model': 'm', 'models.3.apiKey': 'sk-typed-123', 'models.3.allowExec': 'true', 'models.3.maxRounds': '',
    }, { thinkMs: '5' });
    expect(doc).toEqual({
      name: 'form-sweep', definitions: 'quickstart', seed: 9,
      models: [
        { label: 'strong', agent: 'simulated', accuracy: '1', think_ms: '20', concurrency: 2 },
        { label: 'middle', agent: 'simulated', accuracy: '0.5', think_ms: '20' },
        { label: 'weak', agent: 'simulated', accuracy: '0', think_ms: '20' },
        { label: 'gpt', agent: 'openai', base_url: 'http://127.0.0.1:9/v1', model: 'm', allow_exec: true },
      ],
    });
    expect(apiKeys).toEqual({ gpt: 'sk-typed-123' });
    expect(JSON.stringify(doc)).not.toContain('sk-typed');
    // The server's default think time fills a row that leaves it blank.
    expect((sweepDocFromForm({ ...formEntries(), 'models.0.thinkMs': '' }, { thinkMs: '5' }).doc.models as Array<Record<string, unknown>>)[0].think_ms).toBe('5');
  });
});

describe('experiment manager + socket bridge (real sweep, simulated agents)', () => {
  it('refuses a bad form with the experiment parser\'s located errors, writing nothing', async () => {
    const results = mkdtempSync(path.join(os.tmpdir(), 'picard-expmgr-'));
    const experiments = new ExperimentManager(new RunManager(results, { startRun, resumeRun }));
    const { doc } = sweepDocFromForm(formEntries({ 'models.1.accuracy': '1.5', 'models.2.label': 'strong', seed: 'x' }));
    const err = await experiments.start(stringify(doc)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExperimentError);
    expect((err as ExperimentError).issues.map((i) => [i.path, i.code])).toEqual([
      ['seed', 'EXP_BAD_VALUE'], ['models[1].accuracy', 'EXP_BAD_VALUE'], ['models[2].label', 'EXP_DUPLICATE_LABEL'],
    ]);
    expect((err as ExperimentError).issues[1]).toMatchObject({ file: path.resolve('sweep-form.yaml'), line: expect.any(Number) });
    expect(readdirSync(results)).toEqual([]);
  });

  it('streams views of a sweep started from the form, ordered by accuracy, and reads the same after a restart', async () => {
    const results = mkdtempSync(path.join(os.tmpdir(), 'picard-expmgr-'));
    const runs = new RunManager(results, { startRun, resumeRun });
    const experiments = new ExperimentManager(runs, { throttleMs: 50 });
    const server = createDashboardServer({ host: '127.0.0.1', port: 0, token: null }, runs, (_req, res) => { res.statusCode = 404; res.end(); });
    const detach = attachExperimentBridge(server.io, experiments);
    open.push(server, { close: detach });
    const port = await server.listen();

    const { doc } = sweepDocFromForm(formEntries());
    const id = await experiments.start(stringify(doc));
    expect(experiments.isLive(id)).toBe(true);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(`http://127.0.0.1:${port}`, { path: '/socket.io', transports: ['websocket'], reconnection: false });
    open.push(socket);
    const views: ExperimentView[] = [];
    const final = await new Promise<ExperimentView>((resolve, reject) => {
      socket.on('experiment:error', (e) => reject(new Error(e.message)));
      socket.on('experiment:view', (v) => {
        views.push(v);
        if (v.status !== 'running') resolve(v);
      });
      socket.emit('experiment:join', { experimentId: id });
    });
    expect(final.status).toBe('completed');
    // Live: several views while items landed, answered counts never going down.
    expect(views.length).toBeGreaterThan(3);
    const answered = views.map((v) => v.leaderboard.reduce((s, r) => s + r.answered, 0));
    expect(answered).toEqual([...answered].sort((a, b) => a - b));
    expect(answered[0]).toBeLessThan(answered.at(-1)!);
    expect(final.leaderboard.map((r) => [r.label, r.accuracy])).toEqual([['strong', 1], ['middle', expect.any(Number)], ['weak', 0]]);
    expect(final.leaderboard.every((r) => r.answered === final.items && r.done === final.items)).toBe(true);

    // Each configuration's run page: live in this run manager, and found inside the experiment folder by a new one.
    const runId = final.leaderboard[0].runId!;
    expect(runs.runDir(runId)).toBe(path.join(results, id, runId));
    const restarted = new RunManager(results, { startRun, resumeRun });
    expect((await restarted.snapshot(runId))?.state.correct).toBe(final.items);
    expect((await restarted.items(runId, { limit: 100 }))?.total).toBe(final.items);
    expect(restarted.itemDetail(runId, 'q1_s1')?.key).toBe('q1_s1');

    // After a restart the experiment reads from the results index: the same view, and it lists with its best configuration.
    const later = new ExperimentManager(restarted);
    const fromFiles = (await later.view(id))!;
    expect(fromFiles.leaderboard).toEqual(final.leaderboard);
    expect(fromFiles.pairwise).toEqual(final.pairwise);
    expect(fromFiles.heatmap).toEqual(final.heatmap);
    expect(await later.list()).toMatchObject({ total: 1, rows: [{ id, name: 'form-sweep', suite: 'quickstart', seed: 9, configurations: 3, status: 'completed', done: 3 * final.items, total: 3 * final.items, best: { label: 'strong', accuracy: 1 } }] });
    const d = (await later.disagreements(id, 'strong', 'weak'))!;
    expect(d.items).toHaveLength(final.items);
    expect(d.items.every((x) => x.a.correct === true && x.b.correct === false)).toBe(true);
    // Item lists come in pages, counted whole.
    expect(d.total).toBe(final.items);
    const second = (await later.disagreements(id, 'strong', 'weak', { offset: 1, limit: 1 }))!;
    expect([second.total, second.items.map((x) => x.key)]).toEqual([final.items, [d.items[1].key]]);
    expect((await later.questionItems(id, 'weak', '1'))!.items.map((i) => i.status)).toEqual(['failed', 'failed']);
    expect(await later.view('nope')).toBeNull();
    expect(await later.view('../etc')).toBeNull();
    expect(existsSync(path.join(results, id, 'leaderboard.csv'))).toBe(true);
  }, 60_000);

  it('cancels a whole running sweep and resumes it to the end: every item answered once, the status running → cancelled → running → completed', async () => {
    const results = mkdtempSync(path.join(os.tmpdir(), 'picard-expmgr-'));
    const runs = new RunManager(results, { startRun, resumeRun });
    const experiments = new ExperimentManager(runs, { throttleMs: 20 });
    const statuses: string[] = [];
    experiments.onChange((id) => {
      const s = experiments.liveView(id)?.status;
      if (s && statuses.at(-1) !== s) statuses.push(s);
    });
    const { doc } = sweepDocFromForm(formEntries({ 'models.0.thinkMs': '150', 'models.0.concurrency': '1', 'models.1.thinkMs': '150', 'models.2.thinkMs': '150' }));
    const id = await experiments.start(stringify(doc));
    expect(experiments.cancel('nope')).toBe(false);
    // Some items land, then the whole sweep is cancelled.
    await waitFor(async () => ((await experiments.view(id))!.leaderboard.some((r) => r.answered > 0)));
    expect(experiments.cancel(id)).toBe(true);
    await expect(experiments.resume(id)).rejects.toThrow(`Experiment ${id} is still running in this server`);
    await waitFor(() => !experiments.isLive(id));
    const cancelled = (await experiments.view(id))!;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.leaderboard.every((r) => r.status === 'cancelled' && r.done < cancelled.items)).toBe(true);
    expect(experiments.cancel(id)).toBe(false);

    // Resume: every configuration continues in its folder, the same run ids, to the end.
    await expect(experiments.resume('../etc')).rejects.toThrow('No experiment ../etc');
    expect(await experiments.resume(id)).toBe(id);
    expect(experiments.isLive(id)).toBe(true);
    expect((await experiments.view(id))!.status).toBe('running');
    await waitFor(() => !experiments.isLive(id), 30_000);
    const done = (await experiments.view(id))!;
    expect(done.status).toBe('completed');
    expect(done.leaderboard.map((r) => r.runId)).toEqual(expect.arrayContaining(cancelled.leaderboard.map((r) => r.runId)));
    expect(done.leaderboard.every((r) => r.status === 'completed' && r.done === done.items)).toBe(true);
    expect(done.leaderboard.map((r) => [r.label, r.accuracy])).toEqual([['strong', 1], ['middle', expect.any(Number)], ['weak', 0]]);
    for (const r of done.leaderboard) {
      const keys = readFileSync(path.join(results, id, r.runId!, 'responses.jsonl'), 'utf8').trim().split('\n')
        .map((l) => JSON.parse(l) as { question_id: number; sample_number: number }).map((l) => `${l.question_id}/${l.sample_number}`);
      expect(new Set(keys).size).toBe(done.items);
    }
    expect(statuses).toEqual(['running', 'cancelled', 'running', 'completed']);
    const manifest = JSON.parse(readFileSync(path.join(results, id, 'experiment.json'), 'utf8')) as { resumes: number; status: string };
    expect(manifest).toMatchObject({ resumes: 1, status: 'completed' });
  }, 60_000);

  it('names the unfinished configurations whose API key is not in the server\'s environment', async () => {
    const results = mkdtempSync(path.join(os.tmpdir(), 'picard-expmgr-'));
    const runs = new RunManager(results, { startRun, resumeRun });
    const yaml = stringify({
      name: 'keys', definitions: 'quickstart', seed: 3, samples: 1,
      models: [
        { label: 'sim', agent: 'simulated', accuracy: 1, think_ms: 0 },
        // Nothing listens on port 9: the configuration cannot finish.
        { label: 'gpt', agent: 'openai', base_url: 'http://127.0.0.1:9/v1', model: 'm', api_key_env: 'PICARD_EXPMGR_KEY' },
      ],
    });
    const live = new ExperimentManager(runs);
    const id = await live.start(yaml);
    expect(new ExperimentManager(runs, { env: {} }).keyless(id)).toEqual(['gpt']);
    expect(new ExperimentManager(runs, { env: { PICARD_EXPMGR_KEY: 'k' } }).keyless(id)).toEqual([]);
    live.cancel(id);
    await waitFor(() => !live.isLive(id), 30_000);
    // The simulated configuration finished (or was cancelled): a key is asked for the openai one only.
    expect(new ExperimentManager(runs, { env: {} }).keyless(id)).toEqual(['gpt']);
    expect(new ExperimentManager(runs, { env: {} }).keyless('nope')).toEqual([]);
  }, 60_000);
});

async function waitFor(ok: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

