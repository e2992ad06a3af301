/**
 * The query of a paged, sorted, searched list page (the run list `/`, the experiments list `/experiments`): the
 * parameters read from the URL, their defaults, and the page's URL for a change of them (defaults left out).
 */
export type ListParams = { q?: string; sort?: string; dir?: string; page?: string };

export interface ListQuery<S extends string> {
  search: string;
  sort: S;
  dir: 'asc' | 'desc';
  page: number;
  /** The page's URL with `patch` applied to the current parameters. */
  href(patch: Partial<ListParams>): string;
}

/** Reads the list parameters (unknown sorts fall back to `created`, pages start at 1) for the page at `base`. */
export function listQuery<S extends string>(base: string, sp: ListParams, sorts: ReadonlyArray<readonly [S, string]>, fallback: S): ListQuery<S> {
  const sort = sorts.find(([s]) => s === sp.sort)?.[0] ?? fallback;
  const dir = sp.dir === 'asc' ? 'asc' : 'desc';
  const page = Math.max(1, Number.parseInt(sp.page ?? '1', 10) || 1);
  const search = (sp.q ?? '').trim();
  const href = (patch: Partial<ListParams>) => {
    const v = { q: search, sort, dir, page: String(page), ...patch };
    const p = new URLSearchParams();
    if (v.q) p.set('q', v.q);
    if (v.sort !== fallback) p.set('sort', v.sort);
    if (v.dir !== 'desc') p.set('dir', v.dir);
    if (v.page !== '1') p.set('page', v.page);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  return { search, sort, dir, page, href };
}
