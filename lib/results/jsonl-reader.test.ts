import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesAt, countLines, iterJsonlLines, JsonlLineWindow, lineStartFrom, readJsonl } from './jsonl-reader';

const dirs: string[] = [];
function file(content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'picard-jsonl-'));
  dirs.push(dir);
  const f = join(dir, 'x.jsonl');
  writeFileSync(f, content);
  return f;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const MiB = 1 << 20;

describe('iterJsonlLines', () => {
  it('reports each line with its number, byte offset and length, skipping blank lines', () => {
    const f = file('{"a":1}\n\n{"b":"é"}\n');
    const lines = [...iterJsonlLines(f)];
    expect(lines).toEqual([
      { line: 1, offset: 0, length: 7, text: '{"a":1}', terminated: true },
      // line 2 is blank; "é" is two bytes
      { line: 3, offset: 9, length: 10, text: '{"b":"é"}', terminated: true },
    ]);
    for (const l of lines) expect(bytesAt(f, l.offset, l.length).toString('utf8')).toBe(l.text);
  });

  it('yields a last line without its newline as not terminated', () => {
    const lines = [...iterJsonlLines(file('{"a":1}\n{"b":'))];
    expect(lines.at(-1)).toEqual({ line: 2, offset: 8, length: 5, text: '{"b":', terminated: false });
  });

  it('keeps a CRLF line\'s \\r in its text and length, so offsets stay byte-exact and the text still parses', () => {
    const f = file('{"a":1}\r\n{"b":2}\r\n');
    const lines = [...iterJsonlLines(f)];
    expect(lines.map((l) => [l.offset, l.length])).toEqual([[0, 8], [9, 8]]);
    expect(lines.map((l) => JSON.parse(l.text))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('reads a line that spans the 1 MiB chunk boundary whole, at its right offset', () => {
    const first = `{"pad":"${'x'.repeat(MiB - 100)}"}`;
    const second = `{"long":"${'y'.repeat(300)}"}`; // starts ~100 bytes before the boundary, ends after it
    const third = `{"q":"${'é'.repeat(MiB / 2)}"}`; // two-byte characters across the second boundary
    const f = file(`${first}\n${second}\n${third}\n{"end":true}\n`);
    const lines = [...iterJsonlLines(f)];
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(lines[1]).toMatchObject({ offset: first.length + 1, length: second.length, text: second });
    expect(lines[1].offset).toBeLessThan(MiB);
    expect(lines[1].offset + lines[1].length).toBeGreaterThan(MiB);
    expect(lines[2].text).toBe(third);
    expect(lines[3]).toMatchObject({ text: '{"end":true}', offset: Buffer.byteLength(`${first}\n${second}\n${third}\n`) });
  });

  it('reads lines longer than one and two chunks whole, then short ones after them, and a torn tail longer than a chunk', () => {
    const texts = ['{"a":1}', `{"big":"${'z'.repeat(2 * MiB + 17)}"}`, '{"b":2}', `{"one":"${'w'.repeat(MiB - 9)}"}`, '{"c":3}'];
    const torn = `{"torn":"${'t'.repeat(MiB + 5)}`;
    const f = file(`${texts.join('\n')}\n${torn}`);
    const lines = [...iterJsonlLines(f)];
    expect(lines.map((l) => l.text)).toEqual([...texts, torn]);
    expect(lines.map((l) => l.terminated)).toEqual([true, true, true, true, true, false]);
    let offset = 0;
    for (const [i, l] of lines.entries()) {
      expect(l).toMatchObject({ line: i + 1, offset, length: l.text.length });
      offset += l.text.length + 1;
    }
  });

  it('reads only the bytes after an offset that ends a line, numbering on from there', () => {
    const f = file('{"a":1}\n{"b":2}\n');
    const seen = [...iterJsonlLines(f)];
    const end = seen.at(-1)!;
    appendFileSync(f, '{"c":3}\n{"d":4}');
    const fresh = [...iterJsonlLines(f, { offset: end.offset + end.length + 1, line: end.line })];
    expect(fresh).toEqual([
      { line: 3, offset: 16, length: 7, text: '{"c":3}', terminated: true },
      { line: 4, offset: 24, length: 7, text: '{"d":4}', terminated: false },
    ]);
  });

  it('yields nothing for a missing or empty file', () => {
    expect([...iterJsonlLines(join(tmpdir(), 'picard-no-such-file.jsonl'))]).toEqual([]);
    expect([...iterJsonlLines(file(''))]).toEqual([]);
  });
});

describe('readJsonl', () => {
  it('parses rows, records bad complete lines with their numbers and flags a torn last line', () => {
    const r = readJsonl(file('{"a":1}\nnot json\n\n  {"b":2}  \r\n{"c":'));
    expect(r.rows).toEqual([{ a: 1 }, { b: 2 }]);
    expect(r.bad).toHaveLength(1);
    expect(r.bad[0]).toMatchObject({ line: 2, text: 'not json' });
    expect(r.tornTail).toBe(true);
  });

  it('reads a last line without newline that parses as a row, not torn; a missing file as empty', () => {
    expect(readJsonl(file('{"a":1}\n{"b":2}'))).toEqual({ rows: [{ a: 1 }, { b: 2 }], bad: [], tornTail: false });
    expect(readJsonl(join(tmpdir(), 'picard-no-such-file.jsonl'))).toEqual({ rows: [], bad: [], tornTail: false });
  });
});

describe('JsonlLineWindow', () => {
  it('reads lines again by offset, in and out of order, across windows and longer than one', () => {
    const big = `{"big":"${'z'.repeat(MiB + 10)}"}`;
    const body = [...Array.from({ length: 3000 }, (_, i) => `{"i":${i},"pad":"${'p'.repeat(500)}"}`), big, '{"last":1}'];
    const f = file(`${body.join('\n')}\n`);
    const lines = [...iterJsonlLines(f)];
    const w = new JsonlLineWindow(f);
    try {
      for (const i of [0, 1, 2999, 5, 3000, 3001, 1500, 0]) expect(w.read(lines[i].offset, lines[i].length)).toBe(body[i]);
    } finally {
      w.close();
    }
  });
});

describe('bytesAt', () => {
  it('returns fewer bytes where the file ends first', () => {
    const f = file('abcdef');
    expect(bytesAt(f, 2, 3).toString()).toBe('cde');
    expect(bytesAt(f, 4, 10).toString()).toBe('ef');
    expect(bytesAt(f, 10, 4).length).toBe(0);
  });
});

describe('lineStartFrom and countLines (splitting a file at a line start)', () => {
  it('finds the first line start at or after an offset, and the number of lines before it, across chunk bounds', () => {
    const long = 'x'.repeat(MiB + 100);
    const text = `{"a":1}\n\n${long}\n{"b":2}\n{"c":`;
    const f = file(text);
    const size = Buffer.byteLength(text);
    expect(lineStartFrom(f, 0)).toBe(0);
    expect(lineStartFrom(f, 8)).toBe(8);
    expect(lineStartFrom(f, 9)).toBe(9);
    expect(lineStartFrom(f, 10)).toBe(10 + long.length);
    expect(lineStartFrom(f, size - 2)).toBe(size);
    expect([0, 8, 9, 10 + long.length, size - 6, size].map((at) => countLines(f, at))).toEqual([0, 1, 2, 3, 3, 4]);
    // Starting the reader there numbers the lines as reading from the start does.
    const at = lineStartFrom(f, 10);
    const all = [...iterJsonlLines(f)].filter((l) => l.offset >= at);
    expect([...iterJsonlLines(f, { offset: at, line: countLines(f, at) })]).toEqual(all);
  });
});
