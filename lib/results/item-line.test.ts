import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findItemLine, type IndexedLine } from './item-line';
import { iterJsonlLines } from './jsonl-reader';

type Row = { question_id: number; sample_number: number; text: string };
const row = (q: number, text: string): Row => ({ question_id: q, sample_number: 1, text });
const jsonl = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A file of rows and the hint an index that read all of it would give for `key` (its last line's offset). */
function indexed(rows: Row[], key: string): { file: string; hint: IndexedLine } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'picard-item-line-')), 'responses.jsonl');
  writeFileSync(file, jsonl(rows));
  let offset: number | null = null;
  for (const l of iterJsonlLines(file)) {
    const r = JSON.parse(l.text) as Row;
    if (`q${r.question_id}_s${r.sample_number}` === key) offset = l.offset;
  }
  const bytes = readFileSync(file);
  return { file, hint: { offset, readTo: bytes.length, tail: Buffer.from(bytes.subarray(bytes.length - 32)) } };
}

/** Replaces the line at `offset` by a line of the same length (padded with spaces), as a scan would read it. */
function overwriteLine(file: string, offset: number, r: Row): void {
  const bytes = readFileSync(file);
  const end = bytes.indexOf(0x0a, offset);
  const text = JSON.stringify(r);
  expect(text.length).toBeLessThanOrEqual(end - offset);
  Buffer.from(text.padEnd(end - offset, ' ')).copy(bytes, offset);
  writeFileSync(file, bytes);
}

describe('findItemLine', () => {
  const rows = [row(1, 'a'), row(2, 'b'), row(3, 'c'), row(2, 'second b'), row(4, 'd'.repeat(12)), row(5, 'e')];

  it('without a hint, scans: the last line of the key wins; none gives null, a missing file null', () => {
    const { file } = indexed(rows, 'q2_s1');
    expect(findItemLine<Row>(file, 'q2_s1')?.text).toBe('second b');
    expect(findItemLine<Row>(file, 'q9_s1')).toBeNull();
    expect(findItemLine<Row>(path.join(path.dirname(file), 'none.jsonl'), 'q1_s1')).toBeNull();
  });

  it('with a hint, reads the line at its offset, not the file: a decoy a scan would pick is not read', () => {
    const { file, hint } = indexed(rows, 'q2_s1');
    // q4's line becomes a later q2 line: a scan would return it, the indexed read never looks there.
    const q4 = [...iterJsonlLines(file)][4];
    overwriteLine(file, q4.offset, row(2, 'decoy'));
    expect(findItemLine<Row>(file, 'q2_s1')?.text).toBe('decoy');
    expect(findItemLine<Row>(file, 'q2_s1', hint)?.text).toBe('second b');
    // The index saw no line of q9 in what it read: nothing is scanned, null.
    expect(findItemLine<Row>(file, 'q9_s1', { ...hint, offset: null })).toBeNull();
  });

  it('reads a line longer than the first read (4 KB) whole', () => {
    const long = 'x'.repeat(20_000);
    const { file, hint } = indexed([row(1, 'a'), row(2, long), row(3, 'c')], 'q2_s1');
    expect(findItemLine<Row>(file, 'q2_s1', hint)?.text).toBe(long);
  });

  it('reads the lines after what the index read: a later line of the item (a live run) wins', () => {
    const { file, hint } = indexed(rows, 'q2_s1');
    appendFileSync(file, `${JSON.stringify(row(6, 'f'))}\n${JSON.stringify(row(2, 'retried'))}\n`);
    expect(findItemLine<Row>(file, 'q2_s1', hint)?.text).toBe('retried');
    expect(findItemLine<Row>(file, 'q6_s1', { ...hint, offset: null })?.text).toBe('f');
  });

  it('scans when the offset is not the item\'s line (same size and tail: two lines swapped in place)', () => {
    const { file, hint } = indexed([row(1, 'a'), row(2, 'b'), row(3, 'c')], 'q1_s1');
    const [l1, l2] = [...iterJsonlLines(file)];
    overwriteLine(file, l1.offset, row(2, 'b'));
    overwriteLine(file, l2.offset, row(1, 'a'));
    expect(findItemLine<Row>(file, 'q1_s1', hint)?.text).toBe('a');
    expect(findItemLine<Row>(file, 'q1_s1', hint)).toEqual(row(1, 'a'));
  });

  it('scans when the offset falls inside a line, past the end, or the kept tail is not there (a rewritten file)', () => {
    const { file, hint } = indexed(rows, 'q2_s1');
    expect(findItemLine<Row>(file, 'q2_s1', { ...hint, offset: hint.offset! + 3 })?.text).toBe('second b');
    expect(findItemLine<Row>(file, 'q2_s1', { ...hint, offset: hint.readTo + 100 })?.text).toBe('second b');
    // `--retry-errors`: earlier lines dropped, the item answered again at the end; the old offset is now elsewhere.
    writeFileSync(file, jsonl([row(1, 'a'), row(3, 'c'), row(4, 'd'), row(5, 'e'), row(2, 'third b')]));
    expect(findItemLine<Row>(file, 'q2_s1', hint)?.text).toBe('third b');
    // A file shorter than what the index read.
    writeFileSync(file, jsonl([row(2, 'short')]));
    expect(findItemLine<Row>(file, 'q2_s1', hint)?.text).toBe('short');
    // No tail kept for a non-empty read: nothing to check against, so the hint is not trusted.
    const again = indexed(rows, 'q2_s1');
    overwriteLine(again.file, [...iterJsonlLines(again.file)][4].offset, row(2, 'decoy'));
    expect(findItemLine<Row>(again.file, 'q2_s1', { ...again.hint, tail: null })?.text).toBe('decoy');
  });
});
