import { NextResponse } from 'next/server';
import { getRunManager } from '@/server/run-manager-access';

export const dynamic = 'force-dynamic';

/** GET `?path=<rel>`: one sandbox file rendered for the debugger (CSV table, SQLite tables, pretty text). */
export async function GET(req: Request, ctx: { params: Promise<{ runId: string }> }) {
  const { runId } = await ctx.params;
  const rel = new URL(req.url).searchParams.get('path') ?? '';
  const view = getRunManager().preview(runId, rel);
  if (view === undefined) return NextResponse.json({ error: `No run ${runId}` }, { status: 404 });
  if (view === null) return NextResponse.json({ error: 'Path is outside the sandbox' }, { status: 400 });
  return NextResponse.json(view, { headers: { 'Cache-Control': 'no-store' } });
}
