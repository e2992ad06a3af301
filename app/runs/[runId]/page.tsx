import { notFound } from 'next/navigation';
import { RunView } from '@/components/run-view';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

const INLINE_ROWS = 2000;

/** Live run page: rendered with the current snapshot, then kept live over Socket.IO by RunView. */
export default async function RunPage({ params, searchParams }: { params: Promise<{ runId: string }>; searchParams: Promise<{ item?: string }> }) {
  const { runId } = await params;
  const { item } = await searchParams;
  const snap = getRunManager().snapshot(decodeURIComponent(runId));
  if (!snap) notFound();
  // Big runs: the rows come over the socket snapshot rather than inlined twice in the HTML (~450 B per item).
  const initial = snap.state.total > INLINE_ROWS ? { ...snap.state, items: {}, order: [] } : snap.state;
  return <RunView runId={snap.runId} initial={initial} sandboxLink initialItem={typeof item === 'string' ? item : undefined} />;
}
