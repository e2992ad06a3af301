import { describe, expect, it } from 'vitest';
import { PyFloat } from '../py';
import { pyYamlDump } from './pyyaml-dump';
import type { PyValue } from './py-values';

// Expected texts were produced by PyYAML 6.0.3:
// yaml.dump(v, default_flow_style=False, indent=2, allow_unicode=True, sort_keys=False).

describe('pyYamlDump structure', () => {
  const cases: Array<[string, PyValue, string]> = [
    [
      'C82',
      { a: 5, b: [1, 2], c: null, d: { e: 2.5, t: true }, arr: [{ k: 1 }, { k: 1 }] },
      'a: 5\nb:\n- 1\n- 2\nc: null\nd:\n  e: 2.5\n  t: true\narr:\n- k: 1\n- k: 1\n',
    ],
    ['nested sequences and mappings', [{ k: [1, 2] }, [1, [2, 3]], { a: { b: {} } }, 'x'], '- k:\n  - 1\n  - 2\n- - 1\n  - - 2\n    - 3\n- a:\n    b: {}\n- x\n'],
    [
      'floats, empties, big ints',
      { f: new PyFloat(5), big: new PyFloat(1e16), small: 1e-5, neg0: new PyFloat(-0), e: [], d: {}, fl: [new PyFloat(1), 2.25], inf: Infinity },
      'f: 5.0\nbig: 1.0e+16\nsmall: 1.0e-05\nneg0: -0.0\ne: []\nd: {}\nfl:\n- 1.0\n- 2.25\ninf: .inf\n',
    ],
    ['quoted keys', { '1': 'a', yes: 'b', 'a b': 'c', '-': 'e', 'x:': 'f' }, "'1': a\n'yes': b\na b: c\n'-': e\n'x:': f\n"],
    ['root plain string', 'abc', 'abc\n...\n'],
    ['root int', 5, '5\n...\n'],
    ['root null', null, 'null\n...\n'],
    ['root float', 2.5, '2.5\n...\n'],
    ['root quoted string', 'yes', "'yes'\n"],
    ['root single quote', "'x", "'''x'\n"],
    ['root empty list', [], '[]\n'],
    ['root empty map', {}, '{}\n'],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(pyYamlDump(value)).toBe(expected);
  });
});

describe('pyYamlDump folding at 80 columns', () => {
  it.each([
    [
      { a: Array(30).fill('lorem').join(' ') },
      'a: lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem\n  lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem lorem\n  lorem lorem\n',
    ],
    [
      { b: { c: Array(25).fill('ipsumxx').join(' ') } },
      'b:\n  c: ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx\n    ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx\n    ipsumxx ipsumxx ipsumxx ipsumxx ipsumxx\n',
    ],
    [
      { l: [Array(40).fill('sit').join(' ')] },
      'l:\n- sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit\n  sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit sit\n',
    ],
  ] as Array<[PyValue, string]>)('%#', (value, expected) => {
    expect(pyYamlDump(value)).toBe(expected);
  });
});

// [string value, how PyYAML writes it after `k: `]
const QUOTING: Array<[string, string]> = [
  ["3868", "'3868'"],
  ["yes", "'yes'"],
  ["2020-12-13", "'2020-12-13'"],
  ["1.5", "'1.5'"],
  ["1e5", "1e5"],
  ["null", "'null'"],
  ["~", "'~'"],
  ["", "''"],
  ["Home & Garden", "Home & Garden"],
  ["#x", "'#x'"],
  ["a: b", "'a: b'"],
  ["a:b", "a:b"],
  ["- a", "'- a'"],
  ["it's", "it's"],
  ["\"x\"", "'\"x\"'"],
  [" a", "' a'"],
  ["a ", "'a '"],
  ["a:", "'a:'"],
  ["%x", "'%x'"],
  ["*x", "'*x'"],
  ["&x", "'&x'"],
  ["0o17", "0o17"],
  ["017", "'017'"],
  ["0x1F", "'0x1F'"],
  ["-5", "'-5'"],
  ["+5", "'+5'"],
  ["1_000", "'1_000'"],
  ["1:30", "'1:30'"],
  ["on", "'on'"],
  ["Off", "'Off'"],
  ["y", "y"],
  ["No", "'No'"],
  ["2020-1-2 3:04:05", "'2020-1-2 3:04:05'"],
  ["héllo", "héllo"],
  ["@x", "'@x'"],
  ["?x", "?x"],
  ["? x", "'? x'"],
  ["...x", "'...x'"],
  ["---", "'---'"],
  ["a\tb", "\"a\\tb\""],
  ["a #b", "'a #b'"],
  ["a#b", "a#b"],
  ["a, b", "a, b"],
  ["=", "'='"],
  ["<<", "'<<'"],
  [".5", "'.5'"],
  ["1.", "'1.'"],
  ["-.inf", "'-.inf'"],
  [".NaN", "'.NaN'"],
  ["True", "'True'"],
  ["NULL", "'NULL'"],
  ["2024-13-45", "'2024-13-45'"],
  ["12:30", "'12:30'"],
  ["0", "'0'"],
  ["00", "'00'"],
  ["0b101", "'0b101'"],
  ["-", "'-'"],
  ["x-y", "x-y"],
  ["a b", "a b"],
  ["é:", "'é:'"],
  ["[x]", "'[x]'"],
  ["{a}", "'{a}'"],
  ["!", "'!'"],
  ["|x", "'|x'"],
  [">x", "'>x'"],
  ["x|y", "x|y"],
  ["a\nb", "'a\n\n  b'"],
  ["'x", "'''x'"],
  ["x'y", "x'y"],
  ["\\x", "\\x"],
  ["John Smith", "John Smith"],
  ["(555) 123-4567", "(555) 123-4567"],
  ["a.b@c.com", "a.b@c.com"],
  ["123.45", "'123.45'"],
  ["Spring 2024", "Spring 2024"],
];

describe('pyYamlDump string quoting (PyYAML implicit resolvers and indicators)', () => {
  it.each(QUOTING)('%j', (value, expected) => {
    expect(pyYamlDump({ k: value })).toBe(`k: ${expected}\n`);
  });
});
