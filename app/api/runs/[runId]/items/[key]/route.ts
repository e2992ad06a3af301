import { NextResponse } from 'next/server';
import { readItemDetail, isValidItemKey } from '@/server/item-detail';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/** GET one item's detail (question, conversation, response, verdict) for the conversation panel. */
export async function GET(_req: Request, ctx: { params: Promise<{ runId: string; key: string }> }) {
  const { runId, key } = await ctx.params;
  const dir = getRunManager().runDir(runId);
  if (!dir) return NextResponse.json({ error: `No run ${runId}` }, { status: 404 });
  if (!isValidItemKey(key)) return NextResponse.json({ error: `Invalid item key ${key}` }, { status: 400 });
  return NextResponse.json(readItemDetail(dir, key), { headers: { 'Cache-Control': 'no-store' } });
}
