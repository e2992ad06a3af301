import { NextResponse } from 'next/server';
import { ItemQueryError, parseItemQueryParams } from '@/lib/index/item-query-params';

/** The `offset`/`limit` of an experiment's item list (a pair's disagreements, a heatmap cell), or the 400 for bad ones. */
export function itemPage(params: URLSearchParams): { offset?: number; limit?: number } | NextResponse {
  try {
    const { offset, limit } = parseItemQueryParams(params);
    return { offset, limit };
  } catch (err) {
    if (err instanceof ItemQueryError) return NextResponse.json({ error: err.message }, { status: 400 });
    throw err;
  }
}

/** The list as JSON, never cached (the experiment may still be running), or the 404 naming what was not found. */
export function itemListResponse(out: unknown, notFound: string): NextResponse {
  if (!out) return NextResponse.json({ error: notFound }, { status: 404 });
  return NextResponse.json(out, { headers: { 'Cache-Control': 'no-store' } });
}
