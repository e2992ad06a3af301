import { describe, expect, it } from 'vitest';
import { sharedDir, sharedPath } from '../testing/shared-data';
import { createDataSource } from './data-source';
import { loadEntityPool, type EntityPools } from './entity-pool';
import { createRng } from '../util/rng';
import { VariableError, VariableScope } from './variables';

const pools = loadEntityPool();

function scope(seed: number | string = 1, label = 'q1_s1', p: EntityPools = pools): VariableScope {
  const rng = createRng(seed, label);
  return new VariableScope(rng, p, createDataSource(rng, p));
}

describe('VariableScope.substitute — placeholders', () => {
  it('C39: one value per variable; entityN ≡ entityN:default; number type defaults to integer', () => {
    const s = scope();
    const out = s.substitute(
      '{{semantic1:city}} {{semantic1:city}} | {{entity1}} {{entity1:default}} | {{number1:1:3}} {{number1:1:3:integer}}',
    );
    const v = s.variables();
    const [c, e, n] = [v['semantic1:city'], v['entity1'], v['number1:1:3:integer']];
    expect(out).toBe(`${c} ${c} | ${e} ${e} | ${n} ${n}`);
    expect(['1', '2', '3']).toContain(n);
    expect(v['entity1:default']).toBe(e);
    expect(Object.keys(s.variables())).toEqual(['semantic1:city', 'number1:1:3:integer', 'entity1:default', 'entity1']);
  });

  it('C40: only exact, case-sensitive forms match; {{entity01}} is index 1', () => {
    const s = scope();
    const out = s.substitute('{{ entity1 }} {{Entity1}} {{entity01}} {{entity1}}');
    const x = s.variables()['entity1'];
    expect(out).toBe(`{{ entity1 }} {{Entity1}} ${x} ${x}`);
    expect(Object.keys(s.variables())).toEqual(['entity1']);
  });

  it('C38: negative or fractional bounds are left untouched', () => {
    const s = scope();
    expect(s.substitute('{{number1:-5:5}} {{number2:1.5:3}} x')).toBe('{{number1:-5:5}} {{number2:1.5:3}} x');
    expect(s.variables()).toEqual({});
  });

  it('leaves other braces alone', () => {
    const s = scope();
    const text = '{{artifacts}}/{{qs_id}} {{csv_count:NAME:{{artifacts}}/a.csv}} {{semantic1}} {{number1:5}} {{entity}}';
    expect(s.substitute(text)).toBe(text);
  });

  it('records names with integers normalised like Python int()', () => {
    const s = scope();
    s.substitute('{{semantic01:id}} {{number02:005:9}} {{entity003:gems}}');
    expect(Object.keys(s.variables())).toEqual(['semantic1:id', 'number2:5:9:integer', 'entity3:gems']);
  });

  it('named pools draw from their own words', () => {
    const s = scope();
    const out = s.substitute('{{entity1:colors}} {{entity2:nature}} {{entity3:metals}} {{entity4:gems}}').split(' ');
    expect(pools.colors).toContain(out[0]);
    expect(pools.nature).toContain(out[1]);
    expect(pools.metals).toContain(out[2]);
    expect(pools.gems).toContain(out[3]);
  });

  it('entity1:colors and entity1 are independent variables', () => {
    const s = scope();
    s.substitute('{{entity1:colors}} {{entity1}}');
    expect(Object.keys(s.variables())).toEqual(['entity1:colors', 'entity1']);
    expect(pools.default).toContain(s.variables()['entity1']);
  });

  it('number variables with another range or type are different variables', () => {
    const s = scope();
    s.substitute('{{number1:10:20}} {{number1:10:30}} {{number1:10:20:decimal}}');
    expect(Object.keys(s.variables())).toEqual(['number1:10:20:integer', 'number1:10:30:integer', 'number1:10:20:decimal']);
  });

  it('processes semantic, then number, then entity:pool, then entity (variables() order)', () => {
    const s = scope();
    s.substitute('{{entity1}} {{entity2:gems}} {{number1:1:9}} {{semantic1:age}}');
    expect(Object.keys(s.variables())).toEqual(['semantic1:age', 'number1:1:9:integer', 'entity2:gems', 'entity1']);
  });

  it('values are the same across calls and fields of the instance', () => {
    const s = scope(3);
    const a = s.substitute('{{entity1}}/{{number1:5:9}}/{{semantic1:person_name}}');
    const b = s.substitute('{{semantic1:person_name}}/{{number1:5:9:integer}}/{{entity1}}');
    expect(b.split('/').reverse().join('/')).toBe(a);
  });

  it.skipIf(!sharedDir)('works with the reference pool file as the default pool (needs the shared reference data)', () => {
    const ref = loadEntityPool(sharedPath('picard', 'entity_pool.txt'));
    const s = scope(1, 'ref', ref);
    expect(ref.default).toContain(s.substitute('{{entity1}}'));
  });
});

describe('VariableScope.substitute — errors', () => {
  it.each([
    ['{{entity1:foo}}', 'unknown_pool', 'Unknown entity pool: foo'],
    ['{{number1:1:9:round_50}}', 'unknown_number_type', 'Unknown number type: round_50'],
    ['{{number1:5:1}}', 'empty_range', 'Empty range in {{number1:5:1}}: min 5 > max 1'],
    ['{{number1:5:1:round_50}}', 'empty_range', 'Empty range in {{number1:5:1:round_50}}: min 5 > max 1'],
    ['{{number1:1:99999999999999999999}}', 'number_too_large', 'Number too large in {{number1:1:99999999999999999999}}: 99999999999999999999'],
  ])('%s → %s', (text, code, message) => {
    const s = scope();
    let caught: unknown;
    try {
      s.substitute(`before ${text} after`);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(VariableError);
    expect((caught as VariableError).code).toBe(code);
    expect((caught as VariableError).message).toBe(message);
    expect((caught as VariableError).placeholder).toBe(text);
  });
});

describe('VariableScope.substituteDeep', () => {
  it('substitutes strings in nested objects and arrays, keys included, sharing values', () => {
    const s = scope(9);
    const n = s.substitute('{{number1:5:9}}');
    const spec = {
      rows: '{{number1:5:9}}',
      headers: ['id', '{{entity1}}_name'],
      nested: { '{{entity1}}': [{ v: '{{semantic1:id}}', k: 3, b: true, z: null }] },
    };
    const out = s.substituteDeep(spec);
    const e = s.variables()['entity1'];
    expect(out).toEqual({
      rows: n,
      headers: ['id', `${e}_name`],
      nested: { [e]: [{ v: s.variables()['semantic1:id'], k: 3, b: true, z: null }] },
    });
    expect(typeof out.rows).toBe('string');
    expect(spec.rows).toBe('{{number1:5:9}}');
  });

  it('passes non-plain values and primitives through', () => {
    const s = scope();
    const d = new Date(0);
    expect(s.substituteDeep(d)).toBe(d);
    expect(s.substituteDeep(5)).toBe(5);
    expect(s.substituteDeep(null)).toBe(null);
    expect(s.substituteDeep('{{entity1}}')).toBe(s.variables()['entity1']);
  });
});

describe('determinism', () => {
  const text = '{{semantic1:person_name}} {{semantic2:city}} {{number1:1:1000000}} {{entity1}} {{entity2:gems}} {{number2:0:100:decimal}}';

  it('same seed and scope → identical values', () => {
    const a = scope(77, 'q5_s2');
    const b = scope(77, 'q5_s2');
    expect(a.substitute(text)).toBe(b.substitute(text));
    expect(a.variables()).toEqual(b.variables());
  });

  it('different samples or seeds → different values', () => {
    const base = scope(77, 'q5_s1').substitute(text);
    expect(scope(77, 'q5_s2').substitute(text)).not.toBe(base);
    expect(scope(78, 'q5_s1').substitute(text)).not.toBe(base);
  });
});
