/**
 * An item window query (`ItemsQuery`) as URL search parameters, both ways: the run page asks
 * `GET /api/runs/<id>/items?…` with them and the route handler reads them back. Lists are comma-separated;
 * a bad value is refused with the parameter's name. Pure (no Node imports): the browser bundle uses it too.
 */
import type { ItemStatus } from '../events/types';
import type { ItemSort, ItemsQuery } from './query-items';

const STATUSES: readonly ItemStatus[] = ['pending', 'running', 'retrying', 'passed', 'failed', 'errored'];
const VERDICTS = ['correct', 'incorrect', 'unscored'] as const;

/** The query plus `key` (one item by its key, for a deep link to an item outside the window). */
export type ItemsRequest = ItemsQuery & { key?: string };

export function itemQueryParams(q: ItemsRequest): URLSearchParams {
  const p = new URLSearchParams();
  const set = (name: string, v: string | number | undefined) => { if (v !== undefined && v !== '') p.set(name, String(v)); };
  const list = (name: string, v: ReadonlyArray<string | number> | undefined) => { if (v?.length) p.set(name, v.join(',')); };
  set('offset', q.offset);
  set('limit', q.limit);
  set('sort', q.sort);
  set('dir', q.dir);
  list('status', q.status);
  list('verdict', q.verdict);
  list('scoringType', q.scoringType);
  list('questionId', q.questionId);
  list('errorClass', q.errorClass);
  set('search', q.search);
  set('key', q.key);
  return p;
}

export class ItemQueryError extends Error {}

export function parseItemQueryParams(p: URLSearchParams): ItemsRequest {
  const q: ItemsRequest = {};
  const int = (name: 'offset' | 'limit') => {
    const v = p.get(name);
    if (v === null) return;
    if (!/^\d+$/.test(v)) throw new ItemQueryError(`${name}: expected a whole number ≥ 0, got '${v}'`);
    q[name] = Number(v);
  };
  const list = (name: string) => (p.get(name) ?? '').split(',').filter((s) => s !== '');
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T[] | undefined => {
    const vs = list(name);
    for (const v of vs) if (!allowed.includes(v as T)) throw new ItemQueryError(`${name}: '${v}' is not one of ${allowed.join(', ')}`);
    return vs.length ? (vs as T[]) : undefined;
  };
  int('offset');
  int('limit');
  const sort = p.get('sort');
  if (sort) q.sort = sort as ItemSort; // checked by queryItems against ITEM_SORTS
  const dir = p.get('dir');
  if (dir !== null) {
    if (dir !== 'asc' && dir !== 'desc') throw new ItemQueryError(`dir: expected asc or desc, got '${dir}'`);
    q.dir = dir;
  }
  q.status = oneOf('status', STATUSES);
  q.verdict = oneOf('verdict', VERDICTS);
  const types = list('scoringType');
  if (types.length) q.scoringType = types;
  const qids = list('questionId');
  if (qids.length) q.questionId = qids.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const classes = list('errorClass');
  if (classes.length) q.errorClass = classes;
  const search = p.get('search');
  if (search) q.search = search;
  const key = p.get('key');
  if (key) q.key = key;
  for (const k of Object.keys(q) as Array<keyof ItemsRequest>) if (q[k] === undefined) delete q[k];
  return q;
}
