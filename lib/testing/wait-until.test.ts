import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('resolves once the condition holds, sync or async', async () => {
    let n = 0;
    await waitUntil(() => ++n >= 3, 'three checks', 1000, 1);
    expect(n).toBe(3);
    let m = 0;
    await waitUntil(async () => ++m >= 2, 'two checks', 1000, 1);
    expect(m).toBe(2);
  });

  it('rejects with what it waited for', async () => {
    await expect(waitUntil(() => false, 'nothing', 30, 5)).rejects.toThrow('timed out waiting for nothing');
    await expect(waitUntil(() => false, () => 'a described state', 30, 5)).rejects.toThrow('timed out waiting for a described state');
  });
});
