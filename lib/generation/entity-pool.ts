import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pyStrip } from '../py';

/**
 * Word pools for `{{entityN}}` / `{{entityN:pool}}` placeholders (spec §3.1). `default` comes from a word
 * file; the four named pools are fixed lists copied from the reference so answer keys stay comparable.
 */
export interface EntityPools {
  readonly default: readonly string[];
  readonly colors: readonly string[];
  readonly nature: readonly string[];
  readonly metals: readonly string[];
  readonly gems: readonly string[];
}

/** Names accepted in `{{entityN:pool}}`. */
export type EntityPoolName = keyof EntityPools;

/** Absolute path of PICARD Live's own default entity word file. */
export const DEFAULT_ENTITY_POOL_FILE = fileURLToPath(new URL('./data/entity-pool.txt', import.meta.url));

/** The reference's named pools (spec §3.1), exact words and order. */
export const NAMED_POOLS: Readonly<Omit<EntityPools, 'default'>> = Object.freeze({
  colors: Object.freeze(['crimson', 'azure', 'amber', 'emerald', 'golden', 'silver', 'red', 'blue', 'green', 'yellow', 'orange', 'purple']),
  nature: Object.freeze(['mountain', 'forest', 'river', 'canyon', 'valley', 'meadow', 'ocean', 'desert', 'prairie', 'creek', 'lake', 'beach']),
  metals: Object.freeze(['silver', 'golden', 'copper', 'platinum', 'iron', 'bronze', 'steel', 'titanium', 'chrome', 'aluminum', 'zinc', 'nickel']),
  gems: Object.freeze(['emerald', 'crystal', 'diamond', 'pearl', 'sapphire', 'ruby', 'amber', 'opal', 'topaz', 'amethyst', 'garnet', 'onyx']),
});

/** Error raised for an unreadable or empty pool file; `file` is the absolute path tried. */
export class EntityPoolError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'EntityPoolError';
  }
}

const cache = new Map<string, EntityPools>();

/**
 * Parse a pool file's text like the reference (spec §3.2): every line is trimmed, blank lines and lines
 * starting with `#` are skipped. Duplicates are kept (selection is with replacement anyway).
 */
export function parseEntityPoolText(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = pyStrip(raw);
    if (line === '' || line.startsWith('#')) continue;
    words.push(line);
  }
  return words;
}

/**
 * Load the entity pools, with `default` read from `file` (PICARD Live's own word file when omitted).
 * Results are cached per resolved path; the returned object is frozen, so share it freely.
 * @throws EntityPoolError when the file is missing/unreadable or holds no words.
 */
export function loadEntityPool(file: string = DEFAULT_ENTITY_POOL_FILE): EntityPools {
  const abs = path.resolve(file);
  const hit = cache.get(abs);
  if (hit) return hit;
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT' ? `Entity pool file not found: ${abs}` : `Cannot read entity pool file ${abs}: ${String(err)}`;
    throw new EntityPoolError(msg, abs);
  }
  const pools = entityPoolsFromText(text, abs);
  cache.set(abs, pools);
  return pools;
}

/**
 * The pools from a pool file's text (as read by `loadEntityPool`, or as sent to a distributed worker).
 * @throws EntityPoolError when the text holds no words; `file` names it in the message.
 */
export function entityPoolsFromText(text: string, file: string): EntityPools {
  const words = parseEntityPoolText(text);
  if (words.length === 0) throw new EntityPoolError(`No entities found in pool file: ${file}`, file);
  return Object.freeze({
    default: Object.freeze(words),
    colors: NAMED_POOLS.colors,
    nature: NAMED_POOLS.nature,
    metals: NAMED_POOLS.metals,
    gems: NAMED_POOLS.gems,
  });
}

/** True when `name` is one of the pool names (`default`, `colors`, `nature`, `metals`, `gems`). */
export function isEntityPoolName(name: string): name is EntityPoolName {
  return name === 'default' || Object.prototype.hasOwnProperty.call(NAMED_POOLS, name);
}
