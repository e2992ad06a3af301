import { describe, expect, it } from 'vitest';
import { PyFloat } from './float';
import { pyJsonDumps } from './json-dumps';
import { pyJsonLoads } from './json-loads';
import { pyJsonReindent } from './json-reindent';

const values: unknown[] = [
  {},
  [],
  { a: {}, b: [], c: [{}], d: [[]] },
  { question_id: 7, sample_number: 2, correct: false, error_message: null, details: { ratio: new PyFloat(2), mean: 41.5, n: 3, tiny: 1e-7, big: 1e21 } },
  { '10': 1, b: 2, '2': [new PyFloat(1), 3, -0, true, false, null] },
  { tricky: 'a "quoted", [bracketed] {braced}: string\\ with \\\\" escapes', uni: 'héllo ✓ \u0001 \ud83d\ude00', empty: '' },
  new Map<string, unknown>([['z', 1], ['1', new PyFloat(NaN)], ['inf', new PyFloat(Infinity)], ['neg', new PyFloat(-Infinity)]]),
  [1, [2, [3, [4, {}]]], 'x'],
  'just a string',
  new PyFloat(75),
  null,
];

describe('pyJsonReindent', () => {
  it.each(values.map((v) => [pyJsonDumps(v), v]))('lays out %s exactly as pyJsonDumps with indent does', (line, v) => {
    for (const level of [0, 2]) {
      expect(pyJsonReindent(line as string, 2, level)).toBe(pyJsonDumps(v, { indent: 2, level }));
      expect(pyJsonReindent(line as string, 2, level)).toBe(pyJsonDumps(pyJsonLoads(line as string), { indent: 2, level }));
    }
    expect(pyJsonReindent(line as string, 4)).toBe(pyJsonDumps(v, { indent: 4 }));
  });

  it('keeps a float written as 2.0 a float, which JSON.parse would not', () => {
    expect(pyJsonReindent('{"x": 2.0, "y": 2}', 2)).toBe('{\n  "x": 2.0,\n  "y": 2\n}');
  });

  it('reads compact text (no spaces) too', () => {
    expect(pyJsonReindent('{"a":[1,{"b":null}],"c":{}}', 2)).toBe(pyJsonDumps({ a: [1, { b: null }], c: {} }, { indent: 2 }));
  });

  it('fails clearly on an unterminated string', () => {
    expect(() => pyJsonReindent('{"a": "x', 2)).toThrow(/unterminated string at 6/);
  });
});
