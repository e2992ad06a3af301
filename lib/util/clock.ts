/** Injected time source: runs use the system clock, tests pin it so output is byte-identical. */
export interface Clock {
  now(): Date;
  /** The instant of a clock frozen at one (`fixedClock` with no step): another thread can keep the same time. */
  readonly frozenAt?: string;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `iso` that advances by `stepMs` on every reading (0 = frozen). */
export function fixedClock(iso: string, stepMs = 0): Clock {
  let t = new Date(iso).getTime();
  return {
    frozenAt: stepMs === 0 ? iso : undefined,
    now() {
      const d = new Date(t);
      t += stepMs;
      return d;
    },
  };
}

/** Zero-padded; at module level, not a closure per call (this runs for every response and score line). */
function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Python `datetime.now().isoformat()`: local time, no zone, microseconds (omitted when zero). */
export function pyIsoLocal(d: Date): string {
  const p = pad;
  const base = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  const ms = d.getMilliseconds();
  return ms === 0 ? base : `${base}.${p(ms, 3)}000`;
}

/** `%Y%m%d_%H%M%S` in local time, as used in result folder names and scores metadata. */
export function pyStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}_${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
