import { describe, expect, it } from 'vitest';
import { throttleLatest } from './throttle';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('throttleLatest', () => {
  it('passes the first value at once, then at most one per interval, always ending on the latest', async () => {
    const seen: Array<{ v: number; at: number }> = [];
    const t0 = Date.now();
    const t = throttleLatest<number>(80, (v) => seen.push({ v, at: Date.now() - t0 }));
    t.push(1);
    expect(seen.map((s) => s.v)).toEqual([1]); // nothing waited for
    for (let v = 2; v <= 6; v++) { t.push(v); await wait(10); }
    expect(seen.map((s) => s.v)).toEqual([1]); // within the interval: held back
    await wait(120);
    expect(seen.map((s) => s.v)).toEqual([1, 6]); // the latest, once, at the end of the interval
    expect(seen[1].at).toBeGreaterThanOrEqual(75);
    await wait(100);
    t.push(7); // long after the last: at once
    expect(seen.map((s) => s.v)).toEqual([1, 6, 7]);
  });

  it('cancel drops what is held back', async () => {
    const seen: number[] = [];
    const t = throttleLatest<number>(30, (v) => seen.push(v));
    t.push(1);
    t.push(2);
    t.cancel();
    await wait(60);
    expect(seen).toEqual([1]);
  });
});
