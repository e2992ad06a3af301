/**
 * Writes a run folder directly (no agent, no sandbox): `run.json`, `precheck.jsonl`, `responses.jsonl`,
 * `scores.progress.jsonl` (with the `picard_live` statistics of each item, as the runner writes them: realistic
 * tokens, rounds, tool calls, attempts, durations) and optionally `conversations/*.json` carrying the same
 * statistics. For the index's tests and benchmark, where a 200,000-item folder must be made in seconds.
 */
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { itemKey } from '../../generation/precheck-entry';
import { pyJsonDumps } from '../../py';

export const SCORING_TYPES = ['stringmatch', 'readfile_stringmatch', 'readfile_jsonmatch', 'files_exist', 'directory_structure', 'sqlite_query'];

export interface SyntheticRunOptions {
  items: number;
  /** Samples per question (default 10). */
  samples?: number;
  seed?: number;
  /** Write a conversation file per answered item (default false). */
  conversations?: boolean;
  /** Write `picard_live` on each scores.progress.jsonl line (default true; false: as runs written before it existed). */
  liveStats?: boolean;
  /** Items answered (default all). */
  answered?: number;
  label?: string;
  model?: string;
  status?: string;
  createdAt?: string;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Buffered line writer: one `write` per ~1 MiB. */
function lineWriter(file: string) {
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  let size = 0;
  const flush = () => {
    if (buf.length) writeSync(fd, buf.join(''));
    buf = [];
    size = 0;
  };
  return {
    line(s: string) {
      buf.push(`${s}\n`);
      size += s.length + 1;
      if (size > 1 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

export function writeSyntheticRun(resultsDir: string, runId: string, opts: SyntheticRunOptions): string {
  const dir = join(resultsDir, runId);
  mkdirSync(join(dir, 'conversations'), { recursive: true });
  const S = opts.samples ?? 10;
  const rand = rng(opts.seed ?? 1);
  const answered = Math.min(opts.answered ?? opts.items, opts.items);
  const created = opts.createdAt ?? '2026-11-26T10:00:00.000Z';
  writeFileSync(join(dir, 'run.json'), `${JSON.stringify({
    format: 'picard-live-run/1', test_id: runId, label: opts.label ?? runId, status: opts.status ?? 'completed', seed: opts.seed ?? 1,
    definitions: { file: '/defs/synthetic.yaml', sha256: 'x', samples_override: null },
    agent: { kind: 'openai', model: opts.model ?? 'fake-model', config: { kind: 'openai', model: opts.model ?? 'fake-model' } },
    options: { concurrency: 1, retries: 5, delay_s: 1, max_errors: null, fail_fast: false },
    sandbox_dir: join(dir, 'sandbox'), entity_pool: { file: '/pool.txt', size: 100 }, total_items: opts.items,
    created_at: created, updated_at: created, pid: 1, resumes: 0,
  }, null, 2)}\n`);
  const pre = lineWriter(join(dir, 'precheck.jsonl'));
  const res = lineWriter(join(dir, 'responses.jsonl'));
  const sco = lineWriter(join(dir, 'scores.progress.jsonl'));
  const t0 = Date.parse(created);
  for (let i = 0; i < opts.items; i++) {
    const q = Math.floor(i / S) + 1;
    const s = (i % S) + 1;
    const type = SCORING_TYPES[q % SCORING_TYPES.length];
    const answer = `value-${Math.floor(rand() * 1000)}`;
    pre.line(pyJsonDumps({
      scoring_type: type, question_id: q, sample_number: s, template: 'Read {{entity1}} and report the value of {{entity2}}.',
      substituted_question: `Read the file q${q}_s${s}/data.csv and report the value of ${answer} in column ${s}.`,
      entity1: `alpha${s}`, entity2: `beta${q}`, sandbox_components: [{ type: 'create_csv', name: 'data' }],
      sandbox_generation: { components: [{ name: 'data', type: 'create_csv', target_file_resolved: `/sandbox/q${q}_s${s}/data.csv`, files_created: [`/sandbox/q${q}_s${s}/data.csv`], errors: [] }], all_files_created: [`/sandbox/q${q}_s${s}/data.csv`], generation_successful: true, errors: [], timestamp: '2026-11-26T10:00:00' },
      expected_response: answer,
    }));
    if (i >= answered) continue;
    const ok = rand() > 0.05;
    const correct = ok && rand() < 0.7;
    const rounds = 1 + Math.floor(rand() * 8);
    const toolCalls = rounds - 1 + Math.floor(rand() * 3);
    const tokens = 400 + rounds * 600 + Math.floor(rand() * 4000);
    const attempts = ok ? (rand() < 0.03 ? 2 : 1) : 6;
    const durationMs = 300 + rounds * 700 + Math.floor(rand() * 20_000);
    const finished = t0 + i * 10 + durationMs;
    const at = new Date(finished).toISOString();
    res.line(pyJsonDumps({
      question_id: q, sample_number: s, timestamp: at, response_text: correct ? answer : 'something else',
      execution_successful: ok, error_message: ok ? null : 'Failed after 6 attempts. Last error: HTTP 503: unavailable', model_info: opts.model ?? 'fake-model',
    }));
    const promptTokens = Math.round(tokens * 0.8);
    const live = {
      attempts, rounds, tool_calls: toolCalls, tokens, duration_ms: durationMs, started_at: new Date(finished - durationMs).toISOString(), finished_at: at,
      prompt_tokens: promptTokens, completion_tokens: tokens - promptTokens,
    };
    sco.line(JSON.stringify({
      question_id: q, sample_number: s, scoring_type: type, correct, error_message: correct ? null : `Expected '${answer}', got 'something else'`,
      details: {}, timestamp: at, ...(opts.liveStats === false ? {} : { picard_live: live }),
    }));
    if (opts.conversations) {
      writeFileSync(join(dir, 'conversations', `${itemKey(q, s)}.json`), JSON.stringify({
        question_id: q, sample_number: s, timestamp: at, initial_question: 'q', conversation_history: [],
        statistics: { total_messages: rounds * 2, inference_rounds: rounds, tool_calls: toolCalls, execution_time_seconds: durationMs / 1000, total_tokens: tokens, attempts, prompt_tokens: promptTokens, completion_tokens: tokens - promptTokens },
        final_response: '', execution_successful: ok, error_message: null, model_info: 'fake-model',
      }));
    }
  }
  pre.close();
  res.close();
  sco.close();
  return dir;
}
