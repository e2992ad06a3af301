import { describe, expect, it } from 'vitest';
import { fixedClock } from '../util/clock';
import { RunEventBus } from './bus';
import type { RunEvent } from './types';

describe('RunEventBus', () => {
  it('stamps each event with the run id, the next seq and the clock\'s time, and hands the same event to every listener', () => {
    const bus = new RunEventBus('run_1', fixedClock('2026-01-02T03:04:05.006Z', 1), 10);
    const a: RunEvent[] = [];
    const b: RunEvent[] = [];
    bus.subscribe((e) => a.push(e));
    bus.subscribe((e) => b.push(e));
    const ref = { key: 'q1_s1', question_id: 1, sample_number: 1 };
    const first = bus.emit({ type: 'item-started', ...ref, attempt: 1 });
    bus.emit({ type: 'run-log', level: 'info', message: 'x' });
    expect(a).toEqual([
      { type: 'item-started', ...ref, attempt: 1, runId: 'run_1', seq: 11, at: '2026-01-02T03:04:05.006Z' },
      { type: 'run-log', level: 'info', message: 'x', runId: 'run_1', seq: 12, at: '2026-01-02T03:04:05.007Z' },
    ]);
    expect(b[0]).toBe(a[0]);
    expect(first).toBe(a[0]);
    expect(bus.lastSeq).toBe(12);
  });

  it('gives events in the same millisecond the same time, and a new one as the clock moves (a frozen clock, then a stepping one)', () => {
    const frozen = new RunEventBus('r', fixedClock('2026-01-02T03:04:05.000Z'));
    expect([1, 2, 3].map((n) => frozen.emit({ type: 'run-log', level: 'info', message: String(n) }).at)).toEqual(Array(3).fill('2026-01-02T03:04:05.000Z'));
    const stepping = new RunEventBus('r', fixedClock('2026-01-02T03:04:05.998Z', 1));
    expect([1, 2, 3].map((n) => stepping.emit({ type: 'run-log', level: 'info', message: String(n) }).at)).toEqual([
      '2026-01-02T03:04:05.998Z',
      '2026-01-02T03:04:05.999Z',
      '2026-01-02T03:04:06.000Z',
    ]);
  });

  it('keeps a failing listener from stopping the others or the emitter', () => {
    const bus = new RunEventBus('r');
    const seen: string[] = [];
    const original = console.error;
    console.error = () => undefined;
    try {
      bus.subscribe(() => {
        throw new Error('boom');
      });
      bus.subscribe((e) => seen.push(e.type));
      expect(() => bus.emit({ type: 'run-log', level: 'info', message: 'x' })).not.toThrow();
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(['run-log']);
  });
});
