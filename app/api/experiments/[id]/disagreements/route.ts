import { NextResponse } from 'next/server';
import { getExperimentManager } from '@/server/experiment-manager-access';
import { itemListResponse, itemPage } from '../item-page';

export const dynamic = 'force-dynamic';

/** GET `?a=<label>&b=<label>`: the items both configurations scored where exactly one is right, with both items;
 * `&offset&limit` page them (default the first 500, at most 5,000), `total` counts them all. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const url = new URL(req.url);
  const a = url.searchParams.get('a');
  const b = url.searchParams.get('b');
  if (!a || !b) return NextResponse.json({ error: 'Give two configuration labels: ?a=…&b=…' }, { status: 400 });
  const page = itemPage(url.searchParams);
  if (page instanceof NextResponse) return page;
  return itemListResponse(await getExperimentManager().disagreements(id, a, b, page), `No experiment ${id} with configurations ${a} and ${b}`);
}
