/**
 * Floor for `picard score` that does the work no scorer can skip, and nothing else: read and `JSON.parse` both JSONL
 * files of a run folder, match responses to items, make each item's file-system calls (one `stat` per path a
 * `files_exist`/`directory_structure` item checks, one read per file a `readfile_*` item reads), decide its verdict,
 * build its detailed result (the fields of the reference's `scores.json` entry) and write the whole document with
 * the engine's `JSON.stringify(…, null, 2)`, once. No Python-compatible text, no per-item error handling, no
 * streaming: a lower bound, not a scorer (it handles the six scoring types of lib/bench/scoring.ts's fixtures).
 *
 * `node lib/bench/floors/score-work.mjs RUN_DIR OUT_FILE`. Prints one JSON line: { items, correct, seconds }.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [dir, outFile] = process.argv.slice(2);
if (!dir || !outFile) {
  process.stderr.write('usage: score-work.mjs RUN_DIR OUT_FILE\n');
  process.exit(2);
}
const t0 = performance.now();
const sandbox = JSON.parse(readFileSync(join(dir, 'test_summary.json'), 'utf8')).sandbox_status?.path ?? join(dir, 'sandbox');
const stamp = new Date().toISOString().replace('Z', '000');

const statOf = (p) => {
  try {
    return statSync(p);
  } catch {
    return null;
  }
};
const textOf = (p) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};
const jsonOf = (s) => {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
};
/** Key order does not matter (the reference compares dicts). */
const same = (a, b) => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => same(a[k], b[k]));
};
const THINK = /<think>[\s\S]*?<\/think>/g;

function score(e, text) {
  switch (e.scoring_type) {
    case 'stringmatch': {
      const cleaned = text.replace(THINK, '').trim();
      return [cleaned === e.expected_response, { expected: e.expected_response, actual_raw: text, actual_cleaned: cleaned, comparison_method: 'exact_match_trimmed_cleaned', thinking_tags_found: cleaned !== text.trim(), harmony_format_found: false }];
    }
    case 'jsonmatch': {
      const cleaned = text.replace(THINK, '').trim();
      const expected = jsonOf(e.expected_response);
      const actual = jsonOf(cleaned);
      return [same(expected, actual), { expected_raw: e.expected_response, actual_raw: text, actual_cleaned: cleaned, expected_json: expected, actual_json: actual, thinking_tags_found: false, harmony_format_found: false, comparison_method: 'semantic_json_match' }];
    }
    case 'files_exist': {
      const status = {};
      const missing = [];
      for (const f of e.files_to_check) {
        const s = statOf(f);
        status[f] = { expected_path: f, exists: s !== null, is_file: s?.isFile() ?? false };
        if (!s?.isFile()) missing.push(f);
      }
      return [missing.length === 0, { files_to_check: e.files_to_check, file_status: status, all_files_exist: missing.length === 0, missing_files: missing }];
    }
    case 'directory_structure': {
      const status = {};
      let ok = true;
      for (const p of e.expected_paths) {
        const full = p.endsWith('/') ? p.slice(0, -1) : p;
        const s = statOf(full);
        const expected = p.endsWith('/') ? 'directory' : 'file';
        const actual = s === null ? null : s.isDirectory() ? 'directory' : 'file';
        status[p] = { expected_path: p, full_path: full, exists: s !== null, expected_type: expected, actual_type: actual, type_matches: actual === expected };
        ok &&= actual === expected;
      }
      return [ok, { expected_paths: e.expected_paths, path_status: status }];
    }
    case 'readfile_stringmatch':
    case 'readfile_jsonmatch': {
      const file = isAbsolute(e.file_to_read) ? e.file_to_read : join(sandbox, e.file_to_read);
      const content = textOf(file);
      if (e.scoring_type === 'readfile_stringmatch') {
        const ok = content !== null && content.trim() === e.expected_content;
        return [ok, { expected_file: file, expected_content: e.expected_content, actual_content: content?.trim() ?? null, file_exists: content !== null, content_match: ok }];
      }
      const expected = jsonOf(e.expected_content);
      const actual = content === null ? undefined : jsonOf(content);
      return [same(expected, actual), { expected_file: file, expected_content: e.expected_content, actual_content: content, expected_json: expected, actual_json: actual, file_exists: content !== null, comparison_method: 'semantic_json_match' }];
    }
    default:
      return [false, {}];
  }
}

const responses = new Map();
for (const line of readFileSync(join(dir, 'responses.jsonl'), 'utf8').split('\n')) {
  if (line === '') continue;
  const r = JSON.parse(line);
  responses.set(`${r.question_id}_${r.sample_number}`, r);
}
const results = [];
let correct = 0;
for (const line of readFileSync(join(dir, 'precheck.jsonl'), 'utf8').split('\n')) {
  if (line === '') continue;
  const e = JSON.parse(line);
  const r = responses.get(`${e.question_id}_${e.sample_number}`);
  if (!r) continue;
  const [ok, details] = score(e, r.response_text ?? '');
  if (ok) correct += 1;
  results.push({ question_id: e.question_id, sample_number: e.sample_number, scoring_type: e.scoring_type, correct: ok, error_message: ok ? null : `${e.scoring_type} mismatch`, details, timestamp: stamp });
}
const doc = { metadata: { test_id: dir, timestamp: stamp, total_questions: results.length, correct_answers: correct }, detailed_results: results };
writeFileSync(outFile, JSON.stringify(doc, null, 2));
process.stdout.write(`${JSON.stringify({ items: results.length, correct, seconds: (performance.now() - t0) / 1000 })}\n`);
