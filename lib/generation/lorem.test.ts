import { describe, expect, it } from 'vitest';
import { LOREM_WORDS, loremParagraph, loremSentence, loremWord, loremWords } from './lorem';
import { createRng } from '../util/rng';

describe('lorem', () => {
  it('has ~100 unique lowercase ASCII words', () => {
    expect(LOREM_WORDS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(LOREM_WORDS).size).toBe(LOREM_WORDS.length);
    for (const w of LOREM_WORDS) expect(w).toMatch(/^[a-z]+$/);
  });

  it.each([0, 1, 3, 10])('loremWords(%d) gives that many vocabulary words', (n) => {
    const text = loremWords(createRng(1, `w${n}`), n);
    const words = text === '' ? [] : text.split(' ');
    expect(words).toHaveLength(n);
    for (const w of words) expect(LOREM_WORDS).toContain(w);
  });

  it('loremWord is one vocabulary word', () => {
    expect(LOREM_WORDS).toContain(loremWord(createRng(2)));
  });

  it('sentences have 8-15 words, a capital first letter and a final period', () => {
    const rng = createRng(3, 'sentence');
    const lengths = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const s = loremSentence(rng);
      expect(s).toMatch(/^[A-Z][a-z]*( [a-z]+)*\.$/);
      lengths.add(s.split(' ').length);
    }
    expect(Math.min(...lengths)).toBe(8);
    expect(Math.max(...lengths)).toBe(15);
  });

  it('paragraphs have 4-8 sentences', () => {
    const rng = createRng(4, 'paragraph');
    const counts = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const p = loremParagraph(rng);
      expect(p.endsWith('.')).toBe(true);
      counts.add(p.split('. ').length);
    }
    expect(Math.min(...counts)).toBe(4);
    expect(Math.max(...counts)).toBe(8);
  });

  it('is deterministic for a seed', () => {
    expect(loremParagraph(createRng(5, 'p'))).toBe(loremParagraph(createRng(5, 'p')));
    expect(loremParagraph(createRng(5, 'p'))).not.toBe(loremParagraph(createRng(5, 'q')));
  });
});

describe('lorem draws (generated files depend on them, byte for byte)', () => {
  it('a sentence is the words rng.choice draws, the first capitalised; loremWords joins rng.choice draws', () => {
    const a = createRng(9, 'same');
    const b = createRng(9, 'same');
    for (let i = 0; i < 200; i++) {
      const n = b.int(8, 15);
      const words = Array.from({ length: n }, () => b.choice(LOREM_WORDS));
      expect(loremSentence(a)).toBe(`${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`);
      const m = i % 6;
      expect(loremWords(a, m)).toBe(Array.from({ length: m }, () => b.choice(LOREM_WORDS)).join(' '));
    }
  });
});
