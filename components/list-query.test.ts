import { describe, expect, it } from 'vitest';
import { listQuery } from './list-query';

const SORTS = [['created', 'Created'], ['name', 'Name']] as const;

describe('listQuery', () => {
  it('falls back to the defaults for missing or unknown parameters', () => {
    const q = listQuery('/experiments', { sort: 'nope', dir: 'sideways', page: '-3', q: '  ' }, SORTS, 'created');
    expect([q.search, q.sort, q.dir, q.page]).toEqual(['', 'created', 'desc', 1]);
    expect(q.href({})).toBe('/experiments');
  });

  it('keeps the current parameters in links and leaves defaults out', () => {
    const q = listQuery('/', { sort: 'name', dir: 'asc', page: '2', q: ' gpt ' }, SORTS, 'created');
    expect([q.search, q.sort, q.dir, q.page]).toEqual(['gpt', 'name', 'asc', 2]);
    expect(q.href({ page: '3' })).toBe('/?q=gpt&sort=name&dir=asc&page=3');
    expect(q.href({ page: '1', sort: 'created', dir: 'desc', q: '' })).toBe('/');
  });
});
