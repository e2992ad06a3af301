import { describe, expect, it } from 'vitest';
import { createFiles } from './create-files';
import { makeCtx } from '../generation/test-context';
import type { GeneratedFile } from './types';

const text = (files: GeneratedFile[]): string => {
  const [f] = files;
  if (f.kind !== 'text') throw new Error('expected text');
  return f.content;
};
const gen = (content: Record<string, unknown>) => text(createFiles('/x/t.txt', content, makeCtx(5)));
const SENTENCE = /^[A-Z][a-z]*( [a-z]+){7,14}\.$/;

describe('create_files', () => {
  it('lorem_lines is the default: 10 sentences, one per line, no final newline', () => {
    const lines = gen({}).split('\n');
    expect(lines).toHaveLength(10);
    for (const l of lines) expect(l).toMatch(SENTENCE);
  });

  it.each([
    [{ type: 'lorem_lines', count: '3' }, (t: string) => t.split('\n').length === 3],
    [{ type: 'something_else', count: 2 }, (t: string) => t.split('\n').length === 2],
    [{ type: 'lorem_sentences', count: 4 }, (t: string) => !t.includes('\n') && t.split('. ').length === 4],
    [{ type: 'lorem_paragraphs', count: 3 }, (t: string) => t.split('\n\n').length === 3 && !t.includes('\n\n\n')],
    [{ type: 'lorem_words', count: 6 }, (t: string) => /^[a-z]+( [a-z]+){5}$/.test(t)],
    [{ type: 'lorem_words', count: 0 }, (t: string) => t === ''],
    [{ type: 'lorem_lines', count: -1 }, (t: string) => t === ''],
  ])('%j', (content, check) => {
    expect(check(gen(content))).toBe(true);
  });

  it('custom: lorem tokens l/s/p expand, other tokens stay literal', () => {
    const out = gen({ type: 'custom', content: 'Head\n{{lorem:2l}}\n{{lorem:1s}}|{{lorem:3w}}|{{lorem:1p}}' });
    const [head, l1, l2, rest] = out.split('\n');
    expect(head).toBe('Head');
    expect(l1).toMatch(SENTENCE);
    expect(l2).toMatch(SENTENCE);
    const [s, w, p] = rest.split('|');
    expect(s).toMatch(SENTENCE);
    expect(w).toBe('{{lorem:3w}}');
    expect(p.split('. ').length).toBeGreaterThanOrEqual(4);
  });

  it('invalid count gives the reference message', () => {
    expect(() => gen({ count: 'abc' })).toThrow('Invalid count value: abc. Must be an integer.');
  });
});
