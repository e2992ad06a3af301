import { describe, expect, it } from 'vitest';
import { ItemQueryError, itemQueryParams, parseItemQueryParams, type ItemsRequest } from './item-query-params';

describe('item window query as URL parameters', () => {
  it.each<ItemsRequest>([
    {},
    { offset: 400, limit: 200, sort: 'tokens', dir: 'desc' },
    { status: ['failed', 'errored'], verdict: ['unscored'], scoringType: ['files_exist', 'a,b'.replace(',', '_')], questionId: [12, 'q-x'], errorClass: ['timeout'] },
    { search: 'q12_s3, with comma & ampersand', key: 'q1_s1' },
  ])('round-trips %j', (q) => {
    expect(parseItemQueryParams(new URLSearchParams(itemQueryParams(q).toString()))).toEqual(q);
  });

  it.each([
    ['offset=-1', /offset: expected a whole number/],
    ['limit=ten', /limit: expected a whole number/],
    ['dir=up', /dir: expected asc or desc, got 'up'/],
    ['status=passed,done', /status: 'done' is not one of pending, running/],
    ['verdict=maybe', /verdict: 'maybe' is not one of correct, incorrect, unscored/],
  ])('refuses %s with the parameter named', (qs, message) => {
    expect(() => parseItemQueryParams(new URLSearchParams(qs))).toThrow(ItemQueryError);
    expect(() => parseItemQueryParams(new URLSearchParams(qs))).toThrow(message);
  });
});
