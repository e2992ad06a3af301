import { NextResponse } from 'next/server';
import { isValidItemKey } from '@/lib/results/item-key';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/** GET one item's detail (question, conversation, response, verdict) for the conversation panel. */
export async function GET(_req: Request, ctx: { params: Promise<{ runId: string; key: string }> }) {
  const { runId, key } = await ctx.params;
  if (!isValidItemKey(key)) return NextResponse.json({ error: `Invalid item key ${key}` }, { status: 400 });
  const detail = getRunManager().itemDetail(runId, key);
  if (!detail) return NextResponse.json({ error: `No run ${runId}` }, { status: 404 });
  return NextResponse.json(detail, { headers: { 'Cache-Control': 'no-store' } });
}
