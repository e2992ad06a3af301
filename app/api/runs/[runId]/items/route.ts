import { NextResponse } from 'next/server';
import { ItemQueryError, parseItemQueryParams } from '@/lib/index';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/**
 * GET a window of a run's item table from the results index: `offset`, `limit` (≤ 5,000), `sort`, `dir`,
 * `status`, `verdict`, `scoringType`, `questionId`, `errorClass` (comma lists), `search`, or `key` for one item.
 * Answers `{ total, offset, rows, seq }` (see server/run-manager.ts `ItemWindow`).
 */
export async function GET(req: Request, ctx: { params: Promise<{ runId: string }> }) {
  const { runId } = await ctx.params;
  try {
    const q = parseItemQueryParams(new URL(req.url).searchParams);
    const window = await getRunManager().items(decodeURIComponent(runId), q);
    if (!window) return NextResponse.json({ error: `No run ${runId}` }, { status: 404 });
    return NextResponse.json(window, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    const bad = err instanceof ItemQueryError || /^Unknown item sort/.test((err as Error).message);
    return NextResponse.json({ error: (err as Error).message }, { status: bad ? 400 : 500 });
  }
}
