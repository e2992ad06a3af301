import { notFound } from 'next/navigation';
import { INITIAL_QUERY_KEY, PAGE_ROWS } from '@/components/item-filter';
import { RunView } from '@/components/run-view';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/**
 * Live run page: rendered with the run's aggregates and the first page of its item table (from the results
 * index), then kept live over Socket.IO by RunView, which fetches further windows as the table scrolls.
 */
export default async function RunPage({ params, searchParams }: { params: Promise<{ runId: string }>; searchParams: Promise<{ item?: string }> }) {
  const { runId } = await params;
  const { item } = await searchParams;
  const manager = getRunManager();
  const id = decodeURIComponent(runId);
  // The header from the run's index row; the tallies come with the socket's snapshot (they scan the run's items).
  const snap = await manager.snapshot(id, { tallies: false });
  if (!snap) notFound();
  const first = await manager.items(id, { ...JSON.parse(INITIAL_QUERY_KEY), offset: 0, limit: PAGE_ROWS });
  return <RunView runId={snap.runId} initial={snap.state} initialPage={first ?? undefined} sandboxLink initialItem={typeof item === 'string' ? item : undefined} />;
}
