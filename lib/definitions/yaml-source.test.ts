import { describe, expect, it } from 'vitest';
import { formatPath, locate, parseYamlSource } from './yaml-source';

describe('parseYamlSource resolves plain scalars like PyYAML safe_load', () => {
  // Expected values are what PyYAML 6 gives (dates shown as their text: PyYAML's date objects print the same).
  it.each([
    ['yes', true], ['No', false], ['on', true], ['OFF', false], ['y', 'y'], ['n', 'n'],
    ['1e3', '1e3'], ['1.5e+3', 1500], ['.5', 0.5], ['1.', 1], ['.', '.'],
    ['0x1F', 31], ['010', 8], ['1:20', 80], ['2024-01-01', '2024-01-01'], ['~', null], ['"yes"', 'yes'],
  ])('%s', (scalar, want) => {
    const { source, errors } = parseYamlSource(`v: ${scalar}\n`);
    expect(errors).toEqual([]);
    expect((source.doc.toJS() as { v: unknown }).v).toEqual(want);
  });
});

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['tests', 3, 'scoring_type'], 'tests[3].scoring_type'],
    [['tests', 0, 'sandbox_setup', 'components', 1, 'name'], 'tests[0].sandbox_setup.components[1].name'],
    [['tests', 0, 'odd key'], 'tests[0]["odd key"]'],
  ])('%j -> %s', (segs, want) => expect(formatPath(segs)).toBe(want));
});

describe('locate', () => {
  const { source } = parseYamlSource('a:\n  b: [1, {c: 2}]\n  d:\nanchor: &x {e: 1}\nref: *x\n');
  it.each([
    [['a'], 'value', { line: 2, column: 3 }],
    [['a', 'b', 1, 'c'], 'value', { line: 2, column: 14 }],
    [['a', 'b', 1, 'missing'], 'value', { line: 2, column: 10 }],
    [['a', 'd'], 'key', { line: 3, column: 3 }],
    [['ref', 'e'], 'value', { line: 4, column: 16 }],
    [['nope', 'deeper'], 'value', { line: 1, column: 1 }],
  ] as const)('%j (%s)', (segs, at, want) => expect(locate(source, segs, at)).toEqual(want));
});
