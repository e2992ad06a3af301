import Link from 'next/link';
import type { ListQuery } from './list-query';

/**
 * The heading, search box, sort and direction of a list page, submitted as a GET form (`<prefix>-search-form`,
 * `<prefix>-search`, `<prefix>-sort`, `<prefix>-dir`), and its "new" link on the right.
 */
export function ListSearchForm<S extends string>(props: {
  title: string;
  action: string;
  prefix: string;
  placeholder: string;
  sorts: ReadonlyArray<readonly [S, string]>;
  query: ListQuery<S>;
  newLink: { href: string; label: string; testId: string };
}) {
  const { title, action, prefix, placeholder, sorts, query, newLink } = props;
  return (
    <form action={action} method="get" className="flex flex-wrap items-center gap-2" data-testid={`${prefix}-search-form`}>
      <h1 className="text-xl font-semibold">{title}</h1>
      <input name="q" defaultValue={query.search} placeholder={placeholder} aria-label={`Search ${prefix}`} data-testid={`${prefix}-search`}
        className="ml-4 w-64 rounded border border-slate-300 px-2 py-1 text-sm" />
      <select name="sort" defaultValue={query.sort} aria-label={`Sort ${prefix}`} data-testid={`${prefix}-sort`} className="rounded border border-slate-300 px-2 py-1 text-sm">
        {sorts.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
      </select>
      <select name="dir" defaultValue={query.dir} aria-label="Sort direction" data-testid={`${prefix}-dir`} className="rounded border border-slate-300 px-2 py-1 text-sm">
        <option value="desc">↓</option><option value="asc">↑</option>
      </select>
      <button type="submit" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50">Apply</button>
      <Link href={newLink.href} data-testid={newLink.testId} className="ml-auto rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">{newLink.label}</Link>
    </form>
  );
}
