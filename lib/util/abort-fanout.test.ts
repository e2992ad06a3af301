import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortFanout } from './abort-fanout';

describe('AbortFanout', () => {
  it('listens on the parent once however many children, and forgets released ones', () => {
    const parent = new AbortController();
    const fan = new AbortFanout(parent.signal);
    const kids = Array.from({ length: 100 }, () => fan.child());
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    expect(fan.size).toBe(100);
    for (const k of kids.slice(0, 99)) k.release();
    expect(fan.size).toBe(1);
    fan.close();
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
  });

  it('aborting the parent aborts the live children with its reason, not the released ones', () => {
    const parent = new AbortController();
    const fan = new AbortFanout(parent.signal);
    const live = fan.child();
    const done = fan.child();
    done.release();
    const why = new Error('stop');
    parent.abort(why);
    expect(live.signal.aborted).toBe(true);
    expect(live.signal.reason).toBe(why);
    expect(done.signal.aborted).toBe(false);
    expect(fan.size).toBe(0);
    const late = fan.child();
    expect(late.signal.aborted).toBe(true);
    expect(fan.size).toBe(0);
  });
});
