import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from './adaptive-limit';

describe('AdaptiveLimit', () => {
  it('admits up to the limit and queues the rest until a release', async () => {
    const lim = new AdaptiveLimit(2);
    await lim.acquire();
    await lim.acquire();
    let third = false;
    const p = lim.acquire().then(() => (third = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toBe(false);
    lim.release();
    await p;
    expect(third).toBe(true);
  });

  it('halves on a 429 and grows back by one per quiet period', () => {
    let now = 0;
    const lim = new AdaptiveLimit(8, 1000, () => now);
    expect(lim.limit).toBe(8);
    expect(lim.throttle()).toBe(4);
    expect(lim.throttle()).toBe(2);
    expect(lim.throttle()).toBe(1);
    expect(lim.throttle()).toBe(1);
    now = 500;
    lim.release();
    expect(lim.limit).toBe(1);
    now = 1000;
    lim.release();
    expect(lim.limit).toBe(2);
    lim.release();
    expect(lim.limit).toBe(2); // no second step at the same moment
    for (let i = 0; i < 20; i++) {
      now += 1000;
      lim.release();
    }
    expect(lim.limit).toBe(8); // back to the configured maximum, never above
  });

  it('a throttled limit holds new acquisitions back while earlier ones are in flight', async () => {
    const lim = new AdaptiveLimit(4, 60_000);
    await lim.acquire();
    await lim.acquire();
    lim.throttle(); // 4 → 2: both slots are taken
    let admitted = false;
    const p = lim.acquire().then(() => (admitted = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(admitted).toBe(false);
    lim.release();
    await p;
    expect(admitted).toBe(true);
  });
});
