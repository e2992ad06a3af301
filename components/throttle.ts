'use client';
import { useEffect, useRef, useState } from 'react';

/**
 * Passes on the latest value at most once every `ms`: a value pushed at least `ms` after the last one passed on
 * goes at once, one pushed sooner waits for the rest of the interval (and is replaced by any later push meanwhile).
 * The last value pushed is always passed on.
 */
export function throttleLatest<T>(ms: number, emit: (value: T) => void): { push(value: T): void; cancel(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { value: T } | null = null;
  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = Date.now();
    emit(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer !== null) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

/** `value`, changing at most once every `ms` (the latest value always shows in the end). */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const throttle = useRef<ReturnType<typeof throttleLatest<T>> | null>(null);
  useEffect(() => {
    const t = throttleLatest<T>(ms, setShown);
    throttle.current = t;
    return () => t.cancel();
  }, [ms]);
  useEffect(() => throttle.current?.push(value), [value]);
  return shown;
}
