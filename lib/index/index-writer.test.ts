import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dirs';
import { catchUpRun } from './catch-up-run';
import { IndexWriter } from './index-writer';
import { INDEX_THREAD_BUNDLE } from './shared-index-thread';
import { openResultsIndex, type ResultsIndex } from './open';
import { getRun } from './query-runs';
import { queryItems } from './query-items';
import { writeSyntheticRun } from './testing/synthetic-run';

const tempDir = useTempDirs('picard-index-writer-');

const rows = (index: ResultsIndex, runId: string) => queryItems(index, runId, { limit: 5000 }).rows;

describe('IndexWriter: catch-ups on the index thread', () => {
  it('is compiled beside the CLI (the test session compiles first)', () => {
    expect(existsSync(INDEX_THREAD_BUNDLE)).toBe(true);
  });

  it('catches up on another thread, and gives the rows a catch-up on this thread gives', async () => {
    const results = tempDir();
    const dir = writeSyntheticRun(results, 'thread_20261202_100000', { items: 300, answered: 120 });
    const index = openResultsIndex(results);
    const writer = new IndexWriter(index, dir, { onError: (e) => { throw e; } });
    expect(writer.threadId).not.toBeNull();
    void writer.flush(false);
    // One turn of the event loop posts the request (a catch-up on this thread would need many: it reads files);
    // then this thread never yields: the rows can only appear if another thread writes them (own connection).
    await new Promise((r) => setImmediate(r));
    const peek = new Database(index.file, { readonly: true });
    const t0 = Date.now();
    let seen = 0;
    while (Date.now() - t0 < 10_000) {
      try {
        seen = (peek.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
      } catch {
        // the thread may be creating the tables
      }
      if (seen === 300) break;
    }
    peek.close();
    expect(seen).toBe(300);
    // More lines land; the final catch-up (close) takes them and re-sums the run row.
    writeSyntheticRun(results, 'thread_20261202_100000', { items: 300 });
    await writer.close();
    expect(getRun(index, 'thread_20261202_100000')!.answered).toBe(300);

    const here = tempDir();
    copyFileSync(join(dir, 'run.json'), join(writeSyntheticRun(here, 'thread_20261202_100000', { items: 300 }), 'run.json'));
    const local = openResultsIndex(here);
    const localWriter = new IndexWriter(local, join(here, 'thread_20261202_100000'), { thread: false });
    expect(localWriter.threadId).toBeNull();
    await localWriter.close();
    await catchUpRun(local, join(here, 'thread_20261202_100000'));
    expect(rows(index, 'thread_20261202_100000')).toEqual(rows(local, 'thread_20261202_100000'));
    const { run_no: _a, ...threadRun } = getRun(index, 'thread_20261202_100000') as unknown as Record<string, unknown>;
    const { run_no: _b, ...localRun } = getRun(local, 'thread_20261202_100000') as unknown as Record<string, unknown>;
    expect({ ...threadRun, dir: null }).toEqual({ ...localRun, dir: null });
    index.close();
    local.close();
  });

  it('a thread that cannot open the index reports it once, and the run is not disturbed', async () => {
    const results = tempDir();
    const dir = writeSyntheticRun(results, 'broken_20261202_100000', { items: 10 });
    const index = openResultsIndex(results);
    const bad = join(results, 'not-a-database.sqlite');
    writeFileSync(bad, 'this is not SQLite '.repeat(200));
    const errors: string[] = [];
    const writer = new IndexWriter({ ...index, file: bad }, dir, { onError: (e) => errors.push(e.message) });
    await writer.flush(false);
    await writer.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`Cannot prepare the results index ${bad}`);
    index.close();
  });

  it('the writers of one index share one thread while any is open; runs of another index have their own', async () => {
    const results = tempDir();
    const dirs = ['a_20261202_100000', 'b_20261202_100000'].map((id) => writeSyntheticRun(results, id, { items: 50 }));
    const index = openResultsIndex(results);
    const [a, b] = dirs.map((d) => new IndexWriter(index, d, { onError: (e) => { throw e; } }));
    expect(a.threadId).not.toBeNull();
    expect(b.threadId).toBe(a.threadId);
    const elsewhere = tempDir();
    const other = openResultsIndex(elsewhere);
    const c = new IndexWriter(other, writeSyntheticRun(elsewhere, 'c_20261202_100000', { items: 5 }), { onError: (e) => { throw e; } });
    expect(c.threadId).not.toBe(a.threadId);
    await Promise.all([a.flush(false), b.flush(false)]);
    await a.close();
    // b still uses the thread a has let go of.
    writeSyntheticRun(results, 'b_20261202_100000', { items: 60 });
    await b.close();
    expect(getRun(index, 'a_20261202_100000')!.answered).toBe(50);
    expect(getRun(index, 'b_20261202_100000')!.answered).toBe(60);
    await c.close();
    // Once every writer has closed, the next one starts a new thread.
    const d = new IndexWriter(index, dirs[0], { onError: (e) => { throw e; } });
    expect(d.threadId).not.toBeNull();
    expect(d.threadId).not.toBe(a.threadId);
    await d.close();
    index.close();
    other.close();
  });
});
