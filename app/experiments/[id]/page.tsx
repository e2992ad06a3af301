import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ExperimentLive } from '@/components/experiment-live';
import { getExperimentManager } from '@/server/experiment-manager-access';

export const dynamic = 'force-dynamic';

/** One experiment: rendered with its current view, then kept live over Socket.IO by ExperimentLive. */
export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const experiments = getExperimentManager();
  const view = await experiments.view(decodeURIComponent(id));
  if (!view) notFound();
  const keyless = experiments.keyless(view.id);
  return (
    <div className="space-y-4">
      <p className="text-sm"><Link href="/experiments" className="text-sky-700 hover:underline">← Experiments</Link></p>
      <ExperimentLive initial={view} keyless={keyless} />
    </div>
  );
}
