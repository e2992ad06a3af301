import { NextResponse } from 'next/server';
import { getExperimentManager } from '@/server/experiment-manager-access';
import { itemListResponse, itemPage } from '../item-page';

export const dynamic = 'force-dynamic';

/** GET `?label=<label>&question=<question id>`: one configuration's items of one question (a heatmap cell), in
 * sample order; `&offset&limit` page them (default the first 500, at most 5,000), `total` counts them all. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const url = new URL(req.url);
  const label = url.searchParams.get('label');
  const question = url.searchParams.get('question');
  if (!label || !question) return NextResponse.json({ error: 'Give a configuration and a question: ?label=…&question=…' }, { status: 400 });
  const page = itemPage(url.searchParams);
  if (page instanceof NextResponse) return page;
  return itemListResponse(await getExperimentManager().questionItems(id, label, question, page), `No experiment ${id} with configuration ${label}`);
}
