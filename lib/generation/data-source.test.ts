import { describe, expect, it } from 'vitest';
import { SEMANTIC_TYPES, createDataSource, isSemanticType } from './data-source';
import { loadEntityPool } from './entity-pool';
import { LOREM_WORDS } from './lorem';
import { createRng } from '../util/rng';

const pools = loadEntityPool();
const SAMPLES = 400;

function draw(type: string, seed: number | string = 7, n = SAMPLES): string[] {
  const ds = createDataSource(createRng(seed, `ds-${type}`), pools);
  return Array.from({ length: n }, () => ds.field(type));
}

function intsIn(values: string[], lo: number, hi: number): void {
  for (const v of values) {
    expect(v).toMatch(/^\d+$/);
    expect(Number(v)).toBeGreaterThanOrEqual(lo);
    expect(Number(v)).toBeLessThanOrEqual(hi);
  }
}

describe('SEMANTIC_TYPES', () => {
  it('has the 29 reference type names, aliases included', () => {
    expect([...SEMANTIC_TYPES].sort()).toEqual(
      [
        'person_name', 'first_name', 'last_name', 'email', 'age', 'city', 'city_name', 'company', 'company_name',
        'product', 'product_name', 'currency', 'salary', 'price', 'phone', 'date', 'status', 'department', 'region',
        'id', 'experience', 'score', 'course', 'semester', 'category', 'boolean', 'entity_pool', 'lorem_word',
        'lorem_words',
      ].sort(),
    );
    expect(isSemanticType('city')).toBe(true);
    expect(isSemanticType('City')).toBe(false);
    expect(isSemanticType('constructor')).toBe(false);
  });
});

describe('integer ranges', () => {
  it.each([
    ['age', 18, 70],
    ['currency', 1000, 100000],
    ['salary', 30000, 150000],
    ['id', 1, 9999],
    ['experience', 0, 40],
    ['score', 60, 100],
  ] as const)('%s in [%d, %d]', (type, lo, hi) => {
    const values = draw(type);
    intsIn(values, lo, hi);
    expect(new Set(values).size).toBeGreaterThan(10);
  });

  it('reaches both ends of a small range', () => {
    const values = new Set(draw('experience', 3, 3000));
    expect(values.has('0')).toBe(true);
    expect(values.has('40')).toBe(true);
  });
});

describe('closed value sets', () => {
  it.each([
    ['status', ['active', 'inactive', 'completed', 'pending', 'cancelled', 'approved', 'rejected', 'processing']],
    ['department', ['Engineering', 'Sales', 'Marketing', 'Finance', 'HR', 'Operations', 'IT', 'Legal', 'Customer Service', 'Research']],
    ['region', ['North', 'South', 'East', 'West', 'Central', 'Northeast', 'Southeast', 'Southwest', 'Northwest', 'Midwest']],
    ['category', ['Electronics', 'Clothing', 'Books', 'Home & Garden', 'Sports', 'Toys', 'Automotive', 'Health', 'Beauty', 'Food']],
    ['boolean', ['true', 'false', 'yes', 'no', '1', '0']],
    [
      'course',
      ['Math 101', 'Physics 201', 'Chemistry 301', 'Biology 101', 'Engineering 401', 'Computer Science 202', 'Statistics 301',
        'Calculus 401', 'Data Science 501', 'Machine Learning 601', 'Economics 101', 'Psychology 201', 'History 101',
        'Literature 301', 'Art 201'],
    ],
  ])('%s draws exactly from its set and covers it', (type, set) => {
    const seen = new Set(draw(type as string, 11, 2000));
    expect([...seen].sort()).toEqual([...(set as string[])].sort());
  });

  it('semester is "{season} {2023|2024|2025}" and covers all 12 combinations', () => {
    const seen = new Set(draw('semester', 5, 2000));
    for (const v of seen) expect(v).toMatch(/^(Spring|Summer|Fall|Winter) (2023|2024|2025)$/);
    expect(seen.size).toBe(12);
  });

  it('entity_pool draws from the default pool', () => {
    const words = new Set(pools.default);
    for (const v of draw('entity_pool')) expect(words.has(v)).toBe(true);
  });
});

describe('formatted values', () => {
  it.each([
    ['price', /^(\d{2,3})\.(\d{2})$/],
    ['phone', /^\(([2-9]\d\d)\) ([2-9]\d\d)-(\d{4})$/],
    ['date', /^(202[0-5])-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$/],
    ['email', /^[a-z]+\.[a-z]+@(gmail\.com|yahoo\.com|hotmail\.com|company\.com|email\.com)$/],
    ['person_name', /^[A-Z][A-Za-z]* [A-Z][A-Za-z]*$/],
    ['first_name', /^[A-Z][A-Za-z]*$/],
    ['last_name', /^[A-Z][A-Za-z]*$/],
    ['city', /^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/],
    ['city_name', /^[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*$/],
    ['company', /^[A-Z][A-Za-z]* [A-Z][A-Za-z]+$/],
    ['company_name', /^[A-Z][A-Za-z]* [A-Z][A-Za-z]+$/],
    ['product', /^[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+$/],
    ['product_name', /^[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+$/],
  ])('%s matches %s', (type, re) => {
    const values = draw(type);
    for (const v of values) expect(v).toMatch(re);
    expect(new Set(values).size).toBeGreaterThan(SAMPLES / 4);
  });

  it('price keeps the reference ranges (10..500, cents 00..99)', () => {
    for (const v of draw('price', 9, 2000)) {
      const [whole, cents] = v.split('.').map(Number);
      expect(whole).toBeGreaterThanOrEqual(10);
      expect(whole).toBeLessThanOrEqual(500);
      expect(cents).toBeLessThanOrEqual(99);
    }
  });

  it('phone parts stay in range (exchange 200..999, line 1000..9999)', () => {
    for (const v of draw('phone')) {
      const m = /^\((\d+)\) (\d+)-(\d+)$/.exec(v);
      expect(m).not.toBeNull();
      expect(Number(m?.[3])).toBeGreaterThanOrEqual(1000);
    }
  });
});

describe('lorem and unknown types', () => {
  const vocab = new Set(LOREM_WORDS);
  it.each([
    ['lorem_word', 1, 1],
    ['lorem_words', 2, 5],
    ['no_such_type', 1, 3],
    ['City', 1, 3],
  ] as const)('%s gives %d-%d lorem words', (type, lo, hi) => {
    const counts = new Set<number>();
    for (const v of draw(type, 1, 600)) {
      const words = v.split(' ');
      for (const w of words) expect(vocab.has(w)).toBe(true);
      counts.add(words.length);
    }
    expect(Math.min(...counts)).toBe(lo);
    expect(Math.max(...counts)).toBe(hi);
  });

  it('exposes lorem helpers drawn from the same rng', () => {
    const ds = createDataSource(createRng(1, 'lorem'), pools);
    expect(vocab.has(ds.lorem.word())).toBe(true);
    expect(ds.lorem.words(4).split(' ')).toHaveLength(4);
    expect(ds.lorem.sentence()).toMatch(/^[A-Z][a-z]*( [a-z]+){7,14}\.$/);
    expect(ds.lorem.paragraph().split('. ').length).toBeGreaterThanOrEqual(4);
  });
});

describe('determinism', () => {
  it('same seed and scope → same values; another scope → different values', () => {
    const types = [...SEMANTIC_TYPES];
    const run = (scope: string) => {
      const ds = createDataSource(createRng(42, scope), pools);
      return types.map((t) => ds.field(t));
    };
    expect(run('q1_s1')).toEqual(run('q1_s1'));
    expect(run('q1_s1')).not.toEqual(run('q1_s2'));
  });

  it('two data sources interleaved do not disturb each other', () => {
    const solo = createDataSource(createRng(8, 'a'), pools);
    const expected = Array.from({ length: 20 }, () => solo.field('person_name'));
    const a = createDataSource(createRng(8, 'a'), pools);
    const b = createDataSource(createRng(9, 'b'), pools);
    const got: string[] = [];
    for (let i = 0; i < 20; i++) {
      b.field('company');
      got.push(a.field('person_name'));
    }
    expect(got).toEqual(expected);
  });

  it('detectType uses the header rules', () => {
    const ds = createDataSource(createRng(1), pools);
    expect(ds.detectType('EMP_NAME')).toBe('person_name');
    expect(ds.detectType('zzz')).toBe('lorem_words');
  });
});
