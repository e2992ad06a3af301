import { describe, expect, it } from 'vitest';
import { AsyncFeed } from './async-feed';

const tick = () => new Promise((r) => setImmediate(r));

describe('AsyncFeed', () => {
  it('hands values to readers in order, including readers waiting before the push, then ends', async () => {
    const feed = new AsyncFeed<number>();
    const early = [feed.next(), feed.next()];
    feed.push(1);
    feed.push(2);
    feed.push(3);
    feed.end();
    expect(await Promise.all(early)).toEqual([{ value: 1, done: false }, { value: 2, done: false }]);
    const rest: number[] = [];
    for await (const v of feed) rest.push(v);
    expect(rest).toEqual([3]);
  });

  it('a failed producer: readers get what was queued, then the error', async () => {
    const feed = new AsyncFeed<string>();
    feed.push('a');
    feed.fail(new Error('disk full'));
    expect(await feed.next()).toEqual({ value: 'a', done: false });
    await expect(feed.next()).rejects.toThrow('disk full');
  });

  it('room(limit) holds a producer until readers have taken enough, and release() lets it go at once', async () => {
    const feed = new AsyncFeed<number>();
    for (let i = 0; i < 5; i++) feed.push(i);
    expect(feed.buffered).toBe(5);
    let roomy = false;
    void feed.room(2).then(() => (roomy = true));
    await tick();
    expect(roomy).toBe(false);
    await feed.next();
    await feed.next();
    await tick();
    expect(roomy).toBe(false); // 3 still wait
    await feed.next();
    await tick();
    expect(roomy).toBe(true);

    let released = false;
    void feed.room(0).then(() => (released = true));
    await tick();
    expect(released).toBe(false);
    feed.release();
    await tick();
    expect(released).toBe(true);
    await expect(feed.room(0)).resolves.toBeUndefined(); // no reader will come: never waits again
  });
});
