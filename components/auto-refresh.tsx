'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the (server) page every `ms` while `active`: the runs list follows runs in progress, CLI ones too. */
export function AutoRefresh({ active, ms = 2000 }: { active: boolean; ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), ms);
    return () => clearInterval(t);
  }, [active, ms, router]);
  return null;
}
