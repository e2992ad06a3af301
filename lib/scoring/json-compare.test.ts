import { describe, expect, it } from 'vitest';
import { pyJsonLoads } from '../py';
import { deepJsonEqual, jsonDifferences } from './json-compare';

// Spec §13.6 C56–C62 (comparison part) and §8.4 messages.
const compares: Array<[string, string, boolean, string[]]> = [
  ['{"a": 1}', '{"a": 1.0}', false, ['root.a: Expected int, got float']],
  ['{"a": 1, "b": [1,2]}', '{"b":[1,2],"a":1}', true, []],
  ['[1,2]', '[2,1]', false, ['root[0]: Expected 1, got 2', 'root[1]: Expected 2, got 1']],
  ['{"a": true}', '{"a": 1}', false, ['root.a: Expected bool, got int']],
  ['{"a": "1"}', '{"a": 1}', false, ['root.a: Expected str, got int']],
  ['{"a": 46.346666666666664}', '{"a": 46.35}', false, ['root.a: Expected 46.346666666666664, got 46.35']],
  ['{"a": 1e2}', '{"a": 100.0}', true, []],
  ['{"a":1,"a":2}', '{"a":2}', true, []],
  ['{"a":{"b":1}}', '{"a":{"b":2,"c":3}}', false, ["root.a: Extra keys: ['c']", 'root.a.b: Expected 1, got 2']],
  ['{"a":1,"b":2}', '{"a":1}', false, ["root: Missing keys: ['b']"]],
  ['[1,2,3]', '[1,5]', false, ['root: Expected array length 3, got 2', 'root[1]: Expected 2, got 5']],
  ['{"x": NaN}', '{"x": NaN}', false, ['root.x: Expected nan, got nan']],
  ['[true, null, "s"]', '[false, null, "t"]', false, ['root[0]: Expected True, got False', 'root[2]: Expected s, got t']],
  ['null', '{}', false, ['root: Expected NoneType, got dict']],
  ['12345678901234567890', '12345678901234567891', false, ['root: Expected 12345678901234567890, got 12345678901234567891']],
];

describe('deep JSON compare', () => {
  it.each(compares)('%s vs %s', (e, a, equal, diffs) => {
    const ev = pyJsonLoads(e);
    const av = pyJsonLoads(a);
    expect(deepJsonEqual(ev, av)).toBe(equal);
    expect(jsonDifferences(ev, av)).toEqual(diffs);
  });
});
