import { NextResponse } from 'next/server';
import { getExperimentManager } from '@/server/experiment-manager-access';
import { ItemQueryError, parseItemQueryParams } from '@/lib/index/item-query-params';

export const dynamic = 'force-dynamic';

/** GET `?a=<label>&b=<label>`: the items both configurations scored where exactly one is right, with both items;
 * `&offset&limit` page them (default the first 500, at most 5,000), `total` counts them all. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const url = new URL(req.url);
  const a = url.searchParams.get('a');
  const b = url.searchParams.get('b');
  if (!a || !b) return NextResponse.json({ error: 'Give two configuration labels: ?a=…&b=…' }, { status: 400 });
  let page: { offset?: number; limit?: number };
  try {
    const { offset, limit } = parseItemQueryParams(url.searchParams);
    page = { offset, limit };
  } catch (err) {
    if (err instanceof ItemQueryError) return NextResponse.json({ error: err.message }, { status: 400 });
    throw err;
  }
  const out = await getExperimentManager().disagreements(id, a, b, page);
  if (!out) return NextResponse.json({ error: `No experiment ${id} with configurations ${a} and ${b}` }, { status: 404 });
  return NextResponse.json(out, { headers: { 'Cache-Control': 'no-store' } });
}
