import { describe, expect, it } from 'vitest';
import { PyFloat } from '../py';
import { isRecord } from './is-record';

describe('isRecord', () => {
  it.each([{}, { a: 1 }, Object.create(null), JSON.parse('{"x": [1]}')])('%j is a record', (v) => expect(isRecord(v)).toBe(true));
  it.each([null, undefined, [], 'a', 1, new PyFloat(1), new Map(), new Date(0), new Uint8Array(1)])('%j is not', (v) => expect(isRecord(v)).toBe(false));
});
