'use client';
import { useEffect, useState } from 'react';

/** Seconds left until `at` (ISO), ticking every 250 ms; shows "now" once due. */
export function Countdown({ at }: { at: string }) {
  const target = Date.parse(at);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [target]);
  if (now === null || Number.isNaN(target)) return null;
  const left = Math.max(0, target - now);
  return <span data-testid="retry-countdown" className="tabular-nums">{left > 0 ? `retry in ${(left / 1000).toFixed(1)} s` : 'retrying now'}</span>;
}
