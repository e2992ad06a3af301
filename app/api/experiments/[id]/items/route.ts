import { NextResponse } from 'next/server';
import { getExperimentManager } from '@/server/experiment-manager-access';

export const dynamic = 'force-dynamic';

/** GET `?label=<label>&question=<question id>`: one configuration's items of one question (a heatmap cell). */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const url = new URL(req.url);
  const label = url.searchParams.get('label');
  const question = url.searchParams.get('question');
  if (!label || !question) return NextResponse.json({ error: 'Give a configuration and a question: ?label=…&question=…' }, { status: 400 });
  const out = await getExperimentManager().questionItems(id, label, question);
  if (!out) return NextResponse.json({ error: `No experiment ${id} with configuration ${label}` }, { status: 404 });
  return NextResponse.json(out, { headers: { 'Cache-Control': 'no-store' } });
}
