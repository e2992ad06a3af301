import { NextResponse } from 'next/server';
import { getExperimentManager } from '@/server/experiment-manager-access';
import { ItemQueryError, parseItemQueryParams } from '@/lib/index/item-query-params';

export const dynamic = 'force-dynamic';

/** GET `?label=<label>&question=<question id>`: one configuration's items of one question (a heatmap cell), in
 * sample order; `&offset&limit` page them (default the first 500, at most 5,000), `total` counts them all. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const url = new URL(req.url);
  const label = url.searchParams.get('label');
  const question = url.searchParams.get('question');
  if (!label || !question) return NextResponse.json({ error: 'Give a configuration and a question: ?label=…&question=…' }, { status: 400 });
  let page: { offset?: number; limit?: number };
  try {
    const { offset, limit } = parseItemQueryParams(url.searchParams);
    page = { offset, limit };
  } catch (err) {
    if (err instanceof ItemQueryError) return NextResponse.json({ error: err.message }, { status: 400 });
    throw err;
  }
  const out = await getExperimentManager().questionItems(id, label, question, page);
  if (!out) return NextResponse.json({ error: `No experiment ${id} with configuration ${label}` }, { status: 404 });
  return NextResponse.json(out, { headers: { 'Cache-Control': 'no-store' } });
}
