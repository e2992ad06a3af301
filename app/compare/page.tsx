import Link from 'next/link';
import { CompareView } from '@/components/compare-view';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ runs?: string | string[] }> };

/** `/compare?runs=a&runs=b[&runs=c]`: paired comparison of runs over the same instances (first = base). */
export default async function ComparePage({ searchParams }: Props) {
  const raw = (await searchParams).runs;
  const ids = (Array.isArray(raw) ? raw : raw ? raw.split(',') : []).map((s) => s.trim()).filter(Boolean);
  const cmp = await getRunManager().compare(ids);
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Compare runs</h1>
      {cmp.error && (
        <p className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="compare-error">
          {cmp.error} <Link className="text-sky-700 underline" href="/">Pick runs on the runs list</Link> (same seed and definitions).
        </p>
      )}
      {cmp.runs.length > 0 && <CompareView cmp={cmp} />}
    </div>
  );
}
