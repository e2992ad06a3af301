import { describe, expect, it } from 'vitest';
import { PyFloat } from './float';
import { jsonString, pyJsonDumps, pyJsonDumpsList } from './json-dumps';

describe('jsonString (Python json.dumps, ensure_ascii=True)', () => {
  // Expected texts are CPython 3.11 `json.dumps(s)` output.
  const cases: Array<[string, string, string]> = [
    ['plain ASCII', 'abc ~', '"abc ~"'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['short escapes', '\n\r\t\b\f', '"\\n\\r\\t\\b\\f"'],
    ['other controls, lower-case hex', '\x00\x1f', '"\\u0000\\u001f"'],
    ['DEL is escaped', 'a\x7fb', '"a\\u007fb"'],
    ['Latin-1 and box drawing', 'é├', '"\\u00e9\\u251c"'],
    ['astral character as a surrogate pair', '😀', '"\\ud83d\\ude00"'],
    ['lone surrogate', '\ud800x', '"\\ud800x"'],
    ['mixed, escapes between runs', 'x"é\ny', '"x\\"\\u00e9\\ny"'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(jsonString(input)).toBe(expected);
  });
});

describe('pyJsonDumps structure', () => {
  const value = { a: [1, { b: null, skip: undefined }], c: {}, d: [], e: new PyFloat(2), f: [undefined], g: -0.5, h: 10n };
  it.each([
    [undefined, '{"a": [1, {"b": null}], "c": {}, "d": [], "e": 2.0, "f": [null], "g": -0.5, "h": 10}'],
    [2, '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": {},\n  "d": [],\n  "e": 2.0,\n  "f": [\n    null\n  ],\n  "g": -0.5,\n  "h": 10\n}'],
  ])('indent %s', (indent, expected) => {
    expect(pyJsonDumps(value, indent === undefined ? undefined : { indent })).toBe(expected);
  });

  it.each([[0], [1], [2], [3]])('level %i equals re-indenting the indent-2 dump', (level) => {
    const reindented = pyJsonDumps(value, { indent: 2 }).replace(/\n/g, `\n${'  '.repeat(level)}`);
    expect(pyJsonDumps(value, { indent: 2, level })).toBe(reindented);
  });

  it.each([[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'], [true, 'true'], [null, 'null'], [undefined, 'null']])('%s', (v, expected) => {
    expect(pyJsonDumps(v)).toBe(expected);
  });
});

describe('pyJsonDumps (json.dumps defaults)', () => {
  it('uses ", " and ": " and escapes non-ASCII', () => {
    expect(pyJsonDumps({ a: 1, b: ['x', null, true], c: '├── é' })).toBe('{"a": 1, "b": ["x", null, true], "c": "\\u251c\\u2500\\u2500 \\u00e9"}');
  });
  it('indents like json.dump(indent=2) and keeps Python floats', () => {
    expect(pyJsonDumps({ a: [1, 2], b: {}, c: new PyFloat(75) }, { indent: 2 })).toBe('{\n  "a": [\n    1,\n    2\n  ],\n  "b": {},\n  "c": 75.0\n}');
  });
});

describe('pyJsonDumps options and Python floats (expected texts are CPython 3.11 json.dumps output)', () => {
  it('writes non-integral numbers and PyFloats as Python floats, NaN and Infinity as Python does', () => {
    expect(pyJsonDumps([new PyFloat(NaN), new PyFloat(Infinity), 1e-5, 1e-7, 0.5])).toBe('[NaN, Infinity, 1e-05, 1e-07, 0.5]');
  });
  it('separators=(",", ":") with ensure_ascii (DEL escaped too), Map objects as dicts', () => {
    const v = new Map<string, unknown>([['a', [1, new Map([['b', 'é\x7f']])]], ['c', null]]);
    expect(pyJsonDumps(v, { separators: [',', ':'] })).toBe('{"a":[1,{"b":"\\u00e9\\u007f"}],"c":null}');
  });
  it('ensure_ascii=False keeps non-ASCII, DEL and lone surrogates as they are, in keys too', () => {
    expect(pyJsonDumps({ u: 'héllo ✓\x7f', kV: '\ud800' }, { indent: 2, ensureAscii: false })).toBe('{\n  "u": "héllo ✓\x7f",\n  "kV": "\ud800"\n}');
    expect(pyJsonDumps({ 'ké': 1 }, { ensureAscii: false })).toBe('{"ké": 1}');
  });
  it('indent with explicit separators keeps the item separator before the newline; indent=0 has newlines only', () => {
    expect(pyJsonDumps({ a: [1, 2] }, { indent: 2, separators: [', ', ': '] })).toBe('{\n  "a": [\n    1, \n    2\n  ]\n}');
    expect(pyJsonDumps({ a: [1] }, { indent: 0 })).toBe('{\n"a": [\n1\n]\n}');
  });
});

describe('pyJsonDumps as json.dump(indent=2, ensure_ascii=False) (sandbox JSON files)', () => {
  const sandbox = { indent: 2, ensureAscii: false } as const;
  it.each([
    [{ u: 'héllo ✓', q: 'a"b\\c\n\t\u0001' }, '{\n  "u": "héllo ✓",\n  "q": "a\\"b\\\\c\\n\\t\\u0001"\n}'],
    [[new PyFloat(1e16), new PyFloat(1e-5), 0.1, [], {}], '[\n  1e+16,\n  1e-05,\n  0.1,\n  [],\n  {}\n]'],
    ['x', '"x"'],
  ])('%j', (value, expected) => {
    expect(pyJsonDumps(value, sandbox)).toBe(expected);
  });

  it('ensure_ascii escapes non-ASCII', () => {
    expect(pyJsonDumps({ a: 'é' }, { indent: 2 })).toBe('{\n  "a": "\\u00e9"\n}');
  });
});

describe('pyJsonDumps with an indent: the engine-native layout and the hand-written one give the same text', () => {
  // Expected: CPython 3.11 `json.dumps(v, indent=2)`.
  const python = [
    '{',
    '  "a": [',
    '    1,',
    '    {',
    '      "b": null',
    '    }',
    '  ],',
    '  "f": 0.0001,',
    '  "g": -123.456,',
    '  "h": 1e-05,',
    '  "i": 1.5e+16,',
    '  "s": "tab\\t\\"q\\"\\\\ \\u0001 \\u007f",',
    '  "u": "\\u00e9",',
    '  "e": [],',
    '  "o": {}',
    '}',
  ].join('\n');
  const value = { a: [1, { b: null }], f: 0.0001, g: -123.456, h: 1e-5, i: new PyFloat(1.5e16), s: 'tab\t"q"\\ \x01 \x7f', u: 'é', e: [], o: {} };

  it('matches Python whether or not a value needs the hand-written path (floats out of fixed range, escapes)', () => {
    expect(pyJsonDumps(value, { indent: 2 })).toBe(python);
    const { h: _h, i: _i, s: _s, u: _u, ...native } = value;
    const lines = python.split('\n').filter((l) => !/^ {2}"[hisu]"/.test(l));
    expect(pyJsonDumps(native, { indent: 2 })).toBe(lines.join('\n'));
  });

  it.each([
    ['a float below 1e-4', { x: 9.5e-5 }, '{\n  "x": 9.5e-05\n}'],
    ['a PyFloat from 1e16', [new PyFloat(1.5e16)], '[\n  1.5e+16\n]'],
    ['an integral JS number from 1e16 (an int, as before)', [1.5e16], '[\n  15000000000000000\n]'],
    ['a PyFloat', { x: new PyFloat(2) }, '{\n  "x": 2.0\n}'],
    ['NaN', [NaN], '[\n  NaN\n]'],
    ['a bigint', [10n ** 21n], '[\n  1000000000000000000000\n]'],
    ['a Map', new Map([['k', [1]]]), '{\n  "k": [\n    1\n  ]\n}'],
    ['a Date (an object without own keys, not its toJSON)', { d: new Date(0) }, '{\n  "d": {}\n}'],
    ['an object with a toJSON method', { o: { toJSON: () => 'x', n: 1 } }, '{\n  "o": {\n    "toJSON": null,\n    "n": 1\n  }\n}'],
    ['a non-ASCII key', { 'é': 1 }, '{\n  "\\u00e9": 1\n}'],
    ['undefined: left out of objects, null in arrays', { a: undefined, b: [undefined] }, '{\n  "b": [\n    null\n  ]\n}'],
  ])('%s', (_name, v, expected) => {
    expect(pyJsonDumps(v, { indent: 2 })).toBe(expected);
  });

  it('re-indents nested text (level) and keeps ensure_ascii=False texts', () => {
    expect(pyJsonDumps({ a: [1] }, { indent: 2, level: 2 })).toBe('{\n      "a": [\n        1\n      ]\n    }');
    expect(pyJsonDumps({ u: 'é\x7f', s: '\ud800' }, { indent: 2, ensureAscii: false })).toBe('{\n  "u": "é\x7f",\n  "s": "\ud800"\n}');
    expect(pyJsonDumps({ u: 'é' }, { indent: 4, ensureAscii: false })).toBe('{\n    "u": "é"\n}');
  });
});

describe('pyJsonDumps on one line (Python defaults): the engine-native text with spaces after separators', () => {
  it.each([
    ['separators inside strings stay as they are', { 'a,b': 'x: y, z', q: 'say "a, b": c\\', n: [1, 2.5, null, true, {}, []] }, '{"a,b": "x: y, z", "q": "say \\"a, b\\": c\\\\", "n": [1, 2.5, null, true, {}, []]}'],
    ['escaped backslashes before a quote', ['\\', '\\"', 'a\\\\'], '["\\\\", "\\\\\\"", "a\\\\\\\\"]'],
    ['nested, with a float needing the hand-written path', { a: { b: [1e-7] } }, '{"a": {"b": [1e-07]}}'],
    ['an empty object and array', [{}, []], '[{}, []]'],
  ])('%s', (_name, v, expected) => {
    expect(pyJsonDumps(v)).toBe(expected);
    expect(pyJsonDumps(v, {})).toBe(expected);
  });
});

describe('pyJsonDumpsList (the body of an indented list, a run of values per engine call)', () => {
  const odd = [
    { s: 'é├ 😀 \x7f \ud800 "q" \\ \n\t\x01', k: { 'ké\x7f': ['x', 'ÿ'] } },
    { f: new PyFloat(41.92), g: new PyFloat(2), h: 1e-5, i: 2.5e16, j: -0.25, n: NaN },
    new Map<string, unknown>([['b', 1], ['a', new PyFloat(0.5)]]),
    {},
    [],
    { e: {}, a: [], u: undefined, au: [undefined, null] },
    { big: 10n },
    'a string',
    null,
    7,
  ];
  const values = Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? odd[(i / 3) % odd.length] : { question_id: i, correct: i % 2 === 0, details: { x: `v${i}`, r: new PyFloat(i + 0.5) } }));

  it.each([
    [2, 2],
    [2, 1],
    [4, 3],
  ])('indent %i, level %i: each value as pyJsonDumps(v, { indent, level }) writes it, joined by "," and a newline', (indent, level) => {
    const expected = values.map((v) => pyJsonDumps(v, { indent, level })).join(`,\n${' '.repeat(indent * level)}`);
    expect(pyJsonDumpsList(values, indent, level)).toBe(expected);
  });

  it('escapes as Python json.dumps (ensure_ascii) does: DEL, non-ASCII, astral pairs, lone surrogates', () => {
    expect(pyJsonDumpsList([{ s: 'é\x7f😀\ud800' }], 2, 1)).toBe('{\n    "s": "\\u00e9\\u007f\\ud83d\\ude00\\ud800"\n  }');
    expect(pyJsonDumpsList([], 2, 2)).toBe('');
  });
});

describe('pyJsonDumps on text the engine leaves above "~" (the engine path escapes its whole text once)', () => {
  /** CPython's `json.dumps` for strings, integers, booleans, None, lists and dicts, from its rules, one unit at a time. */
  const pyStr = (s: string, ascii: boolean) => {
    let out = '"';
    for (const ch of s.split('')) {
      const c = ch.charCodeAt(0);
      const short: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
      if (short[ch]) out += short[ch];
      else if (c < 0x20 || (ascii && c > 0x7e)) out += `\\u${c.toString(16).padStart(4, '0')}`;
      else out += ch;
    }
    return `${out}"`;
  };
  const py = (v: unknown, ascii: boolean, indent: number | undefined, level = 0): string => {
    const nl = indent === undefined ? '' : `\n${' '.repeat(indent * (level + 1))}`;
    const end = indent === undefined ? '' : `\n${' '.repeat(indent * level)}`;
    const sep = indent === undefined ? ', ' : ',';
    if (typeof v === 'string') return pyStr(v, ascii);
    if (Array.isArray(v)) return v.length ? `[${v.map((x) => nl + py(x, ascii, indent, level + 1)).join(sep)}${end}]` : '[]';
    if (v !== null && typeof v === 'object') {
      const kv = Object.entries(v);
      return kv.length ? `{${kv.map(([k, x]) => `${nl}${pyStr(k, ascii)}: ${py(x, ascii, indent, level + 1)}`).join(sep)}${end}}` : '{}';
    }
    return String(v);
  };
  // Random trees of strings drawn from ASCII, controls, DEL, Latin-1, box drawing, astral pairs and lone surrogates.
  const pool = ['a', 'Z', ' ', '~', '"', '\\', ',', ':', '\n', '\x01', '\x7f', 'é', 'ÿ', '└', '─', '😀', '\ud800', '\udfff', '{', ']'];
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const str = () => Array.from({ length: rand(6) }, () => pool[rand(pool.length)]).join('');
  const tree = (depth: number): unknown => {
    const k = rand(depth > 2 ? 3 : 6);
    if (k === 0) return str();
    if (k === 1) return rand(1000) - 500;
    if (k === 2) return [true, false, null][rand(3)];
    if (k === 3) return Array.from({ length: rand(4) }, () => tree(depth + 1));
    return Object.fromEntries(Array.from({ length: rand(4) }, () => [str(), tree(depth + 1)]));
  };
  const trees = Array.from({ length: 400 }, () => ({ root: tree(0), s: str() }));

  it.each([
    ['one line, ensure_ascii', undefined, true],
    ['indent 2, ensure_ascii', 2, true],
    ['one line, ensure_ascii=False', undefined, false],
    ['indent 2, ensure_ascii=False', 2, false],
  ])('%s: as CPython writes it', (_name, indent, ascii) => {
    for (const t of trees) expect(pyJsonDumps(t, { indent, ensureAscii: ascii })).toBe(py(t, ascii, indent));
  });

  it('escapes non-ASCII keys and values, astral pairs and lone surrogates, on one line and indented', () => {
    const v = { 'ké': ['└── a', 'x😀'], s: '\ud800', t: 'tab\t' };
    expect(pyJsonDumps(v)).toBe('{"k\\u00e9": ["\\u2514\\u2500\\u2500 a", "x\\ud83d\\ude00"], "s": "\\ud800", "t": "tab\\t"}');
    expect(pyJsonDumps(v, { indent: 2, level: 1 })).toBe('{\n    "k\\u00e9": [\n      "\\u2514\\u2500\\u2500 a",\n      "x\\ud83d\\ude00"\n    ],\n    "s": "\\ud800",\n    "t": "tab\\t"\n  }');
  });
});
