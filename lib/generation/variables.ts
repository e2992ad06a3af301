import type { DataSource } from '../sandbox/types';
import { isEntityPoolName, type EntityPools } from './entity-pool';
import { generateNumber, isNumberType } from './numbers';
import type { Rng } from '../util/rng';

/**
 * Instance variables (spec §3.1): `{{semanticN:type}}`, `{{numberN:min:max[:type]}}`, `{{entityN:pool}}`
 * and `{{entityN}}`. A `VariableScope` belongs to ONE test instance (question × sample): every field of
 * the instance — template, expected answers, target files and sandbox `content` specs — goes through the
 * same scope, so a variable has one value everywhere (the reference draws sandbox content independently,
 * see docs/compat.md).
 */

// The reference's exact patterns; each pass is one global replace, in this order, with no recursion.
const SEMANTIC_RE = /\{\{semantic(\d+):([a-zA-Z_]+)\}\}/g;
const NUMBER_RE = /\{\{number(\d+):(\d+):(\d+)(?::([a-zA-Z_][a-zA-Z0-9_]*))?\}\}/g;
const ENTITY_POOL_RE = /\{\{entity(\d+):([a-zA-Z_]+)\}\}/g;
const ENTITY_RE = /\{\{entity(\d+)\}\}/g;

/** Why a placeholder could not be resolved. */
export type VariableErrorCode = 'unknown_pool' | 'unknown_number_type' | 'empty_range' | 'number_too_large';

/** A placeholder that cannot be resolved; `placeholder` is the exact text, e.g. `{{entity1:foo}}`. */
export class VariableError extends Error {
  constructor(
    readonly code: VariableErrorCode,
    message: string,
    readonly placeholder: string,
  ) {
    super(message);
    this.name = 'VariableError';
  }
}

/** Decimal digits → number; indices and bounds are `\d+`, so `01` is 1 like Python's `int()`. */
function toInt(digits: string, placeholder: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) {
    throw new VariableError('number_too_large', `Number too large in ${placeholder}: ${digits}`, placeholder);
  }
  return n;
}

/** Values of one test instance's variables, drawn lazily from its own `Rng` and cached by key. */
export class VariableScope {
  /** cache key → value; keys mirror the reference's cache tuples. */
  private readonly cache = new Map<string, string>();
  /** recorded variable name → value, in first-resolution order. */
  private readonly recorded = new Map<string, string>();

  /**
   * @param rng the instance's generator (e.g. `createRng(seed, 'q301_s4')`); entity and number draws use it
   * @param pools entity pools (`loadEntityPool()`)
   * @param data semantic values (`createDataSource(rng, pools)`)
   */
  constructor(
    private readonly rng: Rng,
    private readonly pools: EntityPools,
    private readonly data: DataSource,
  ) {}

  /**
   * Replace every variable placeholder in `text`. Other `{{…}}` (template functions, `{{artifacts}}`,
   * `{{ entity1 }}`) are left as they are.
   * @throws VariableError for an unknown pool or number type, or a number range with min > max
   */
  substitute(text: string): string {
    if (!text.includes('{{')) return text;
    let out = text.replace(SEMANTIC_RE, (m, n: string, type: string) => this.semantic(m, n, type));
    out = out.replace(NUMBER_RE, (m, n: string, lo: string, hi: string, type: string | undefined) =>
      this.number(m, n, lo, hi, type ?? 'integer'),
    );
    out = out.replace(ENTITY_POOL_RE, (m, n: string, pool: string) => this.entity(m, n, pool, `:${pool}`));
    out = out.replace(ENTITY_RE, (m, n: string) => this.entity(m, n, 'default', ''));
    return out;
  }

  /**
   * Substitute every string inside a JSON-like value (object keys included, like the reference's
   * `json.dumps` → substitute → `json.loads`). Non-string leaves are kept; a string that becomes `"8"`
   * stays a string (generators convert counts themselves). Returns a new value; the input is not changed.
   */
  substituteDeep<T>(value: T): T {
    return this.deep(value) as T;
  }

  /** Every variable resolved so far, by the reference's names (`semantic1:city`, `number1:5:9:integer`, …). */
  variables(): Record<string, string> {
    return Object.fromEntries(this.recorded);
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.substitute(value);
    if (Array.isArray(value)) return value.map((v) => this.deep(v));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.substitute(k)] = this.deep(v);
      return out;
    }
    return value;
  }

  private remember(name: string, value: string): string {
    if (!this.recorded.has(name)) this.recorded.set(name, value);
    return value;
  }

  private cached(key: string, draw: () => string): string {
    let value = this.cache.get(key);
    if (value === undefined) {
      value = draw();
      this.cache.set(key, value);
    }
    return value;
  }

  private semantic(placeholder: string, n: string, type: string): string {
    const index = toInt(n, placeholder);
    const value = this.cached(`semantic\u0000${index}\u0000${type}`, () => this.data.field(type));
    return this.remember(`semantic${index}:${type}`, value);
  }

  private number(placeholder: string, n: string, lo: string, hi: string, type: string): string {
    const index = toInt(n, placeholder);
    const min = toInt(lo, placeholder);
    const max = toInt(hi, placeholder);
    // Same order as the reference: randint(min, max) fails before the type is looked at.
    if (min > max) {
      throw new VariableError('empty_range', `Empty range in ${placeholder}: min ${min} > max ${max}`, placeholder);
    }
    if (!isNumberType(type)) {
      throw new VariableError('unknown_number_type', `Unknown number type: ${type}`, placeholder);
    }
    const value = this.cached(`number\u0000${index}\u0000${min}\u0000${max}\u0000${type}`, () =>
      generateNumber(this.rng, min, max, type),
    );
    return this.remember(`number${index}:${min}:${max}:${type}`, value);
  }

  /** `suffix` is `:pool` for `{{entityN:pool}}` and empty for legacy `{{entityN}}` (recorded as `entityN`). */
  private entity(placeholder: string, n: string, pool: string, suffix: string): string {
    const index = toInt(n, placeholder);
    if (!isEntityPoolName(pool)) {
      throw new VariableError('unknown_pool', `Unknown entity pool: ${pool}`, placeholder);
    }
    const words = this.pools[pool];
    const value = this.cached(`entity\u0000${index}\u0000${pool}`, () => this.rng.choice(words));
    return this.remember(`entity${index}${suffix}`, value);
  }
}
