import { notFound } from 'next/navigation';
import { RunView } from '@/components/run-view';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/** Live run page: rendered with the current snapshot, then kept live over Socket.IO by RunView. */
export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const snap = getRunManager().snapshot(decodeURIComponent(runId));
  if (!snap) notFound();
  return <RunView runId={snap.runId} initial={snap.state} sandboxLink />;
}
