import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir, sharedPath } from '../testing/shared-data';
import {
  DEFAULT_ENTITY_POOL_FILE,
  EntityPoolError,
  NAMED_POOLS,
  isEntityPoolName,
  loadEntityPool,
  parseEntityPoolText,
} from './entity-pool';

const referencePool = sharedPath('picard', 'entity_pool.txt');

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, 'utf8');
  return file;
}

describe('parseEntityPoolText', () => {
  it.each([
    ['plain lines', 'a\nb\nc', ['a', 'b', 'c']],
    ['comments and blanks skipped', '# head\n\nalpha\n  # indented comment\n\n', ['alpha']],
    ['lines are stripped', '  beta  \r\n\tgamma\t\n', ['beta', 'gamma']],
    ['CR-only line ends', 'x\ry', ['x', 'y']],
    ['python strip also removes \\x1c and \\x85', '\x1cdelta\x85\n', ['delta']],
    ['a BOM is not whitespace for python', '\ufeffword', ['\ufeffword']],
    ['duplicates are kept', 'a\na', ['a', 'a']],
    ['# inside a word is fine', 'c#sharp', ['c#sharp']],
  ])('%s', (_name, text, expected) => {
    expect(parseEntityPoolText(text)).toEqual(expected);
  });
});

describe('loadEntityPool', () => {
  it.skipIf(!sharedDir)('loads the reference pool file unchanged (154 words, 8 groups; needs the shared reference data)', () => {
    const pools = loadEntityPool(referencePool);
    expect(pools.default).toHaveLength(154);
    expect(new Set(pools.default).size).toBe(154);
    expect(pools.default[0]).toBe('red');
    expect(pools.default.every((w) => w === w.trim() && !w.startsWith('#'))).toBe(true);
  });

  it('loads our own default file: 150+ unique lowercase ASCII words', () => {
    const pools = loadEntityPool();
    expect(pools.default.length).toBeGreaterThanOrEqual(150);
    expect(new Set(pools.default).size).toBe(pools.default.length);
    for (const w of pools.default) expect(w).toMatch(/^[a-z]+$/);
    expect(path.isAbsolute(DEFAULT_ENTITY_POOL_FILE)).toBe(true);
    expect(fs.existsSync(DEFAULT_ENTITY_POOL_FILE)).toBe(true);
  });

  it('has the reference named pools with their exact words', () => {
    const pools = loadEntityPool();
    expect(pools.colors).toEqual(['crimson', 'azure', 'amber', 'emerald', 'golden', 'silver', 'red', 'blue', 'green', 'yellow', 'orange', 'purple']);
    expect(pools.nature).toEqual(['mountain', 'forest', 'river', 'canyon', 'valley', 'meadow', 'ocean', 'desert', 'prairie', 'creek', 'lake', 'beach']);
    expect(pools.metals).toEqual(['silver', 'golden', 'copper', 'platinum', 'iron', 'bronze', 'steel', 'titanium', 'chrome', 'aluminum', 'zinc', 'nickel']);
    expect(pools.gems).toEqual(['emerald', 'crystal', 'diamond', 'pearl', 'sapphire', 'ruby', 'amber', 'opal', 'topaz', 'amethyst', 'garnet', 'onyx']);
    expect(pools.colors).toBe(NAMED_POOLS.colors);
  });

  it('caches per resolved path and freezes the result', () => {
    const file = tempFile('pool.txt', 'one\ntwo\n');
    const a = loadEntityPool(file);
    const rel = path.relative(process.cwd(), file);
    expect(loadEntityPool(rel)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.default)).toBe(true);
    // A changed file is not re-read: pools are fixed for the process.
    fs.writeFileSync(file, 'three\n');
    expect(loadEntityPool(file).default).toEqual(['one', 'two']);
  });

  it('throws with the absolute path for a missing file', () => {
    const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'picard-')), 'nope.txt');
    expect(() => loadEntityPool(missing)).toThrow(new EntityPoolError(`Entity pool file not found: ${missing}`, missing));
  });

  it('throws for a file with only comments and blank lines', () => {
    const file = tempFile('empty.txt', '# nothing\n\n   \n');
    expect(() => loadEntityPool(file)).toThrow(`No entities found in pool file: ${file}`);
  });

  it('throws a located error for a directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-'));
    expect(() => loadEntityPool(dir)).toThrow(`Cannot read entity pool file ${dir}`);
  });
});

describe('isEntityPoolName', () => {
  it.each([
    ['default', true],
    ['colors', true],
    ['nature', true],
    ['metals', true],
    ['gems', true],
    ['foo', false],
    ['toString', false],
    ['Colors', false],
  ])('%s → %s', (name, expected) => {
    expect(isEntityPoolName(name)).toBe(expected);
  });
});
