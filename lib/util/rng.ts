/**
 * Seeded pseudo-random generator (sfc32). Every random draw in generation, sandbox data and the simulated
 * agent goes through an `Rng`, so a run's seed reproduces its instances exactly.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive (Python `random.randint`). Throws on an empty range. */
  int(min: number, max: number): number;
  /** Uniform float in [min, max] (Python `random.uniform`). */
  uniform(min: number, max: number): number;
  /** One element (Python `random.choice`). Throws on an empty list. */
  choice<T>(items: readonly T[]): T;
  /** A fresh independent generator derived from this one and a label. */
  fork(label: string): Rng;
}

/** cyrb128: a well-mixed 128-bit string hash, so near-identical labels (`q1_s1`, `q1_s2`) seed unrelated streams. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly label: string) {
    [this.a, this.b, this.c, this.d] = hashSeed(label);
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  private nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    // 53 bits of randomness, like Python's random.random().
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  int(min: number, max: number): number {
    if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) {
      throw new RangeError(`empty range for randint(${min}, ${max})`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot choose from an empty sequence');
    return items[Math.floor(this.next() * items.length)];
  }

  fork(label: string): Rng {
    return new Sfc32(`${this.label}/${label}/${this.nextU32()}`);
  }
}

/** A generator for a seed and a scope label, e.g. `createRng(seed, 'q301_s4')`. */
export function createRng(seed: number | string, scope = ''): Rng {
  return new Sfc32(`${seed}|${scope}`);
}
