import { describe, expect, it } from 'vitest';
import { PyFloat } from './float';
import { pyClassStr, pyTypeName } from './type-name';

describe('pyTypeName (type(x).__name__)', () => {
  it.each([
    [null, 'NoneType'],
    [undefined, 'NoneType'],
    [true, 'bool'],
    [3, 'int'],
    [3n, 'int'],
    [2.5, 'float'],
    [new PyFloat(3), 'float'],
    ['s', 'str'],
    [[1], 'list'],
    [new Map(), 'dict'],
    [{ a: 1 }, 'dict'],
    [Object.create(null), 'dict'],
    [new Uint8Array(1), 'bytes'],
    [{ pyStr: () => '', pyRepr: () => '', pyTypeName: 'datetime.date' }, 'datetime.date'],
    [new Date(0), 'object'],
  ])('%s → %s', (v, name) => expect(pyTypeName(v)).toBe(name));

  it('pyClassStr prints type(x)', () => expect(pyClassStr(1)).toBe("<class 'int'>"));
});
