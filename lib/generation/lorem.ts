import type { Rng } from '../util/rng';

/**
 * PICARD Live's own latin-ish filler vocabulary (spec §5.2 uses lorem for `lorem_word(s)` and unknown
 * semantic types). All lowercase ASCII so values are safe in CSV cells, XML text and file names.
 */
export const LOREM_WORDS: readonly string[] = Object.freeze([
  'lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'do',
  'eiusmod', 'tempor', 'incididunt', 'ut', 'labore', 'et', 'dolore', 'magna', 'aliqua', 'enim',
  'ad', 'minim', 'veniam', 'quis', 'nostrud', 'exercitation', 'ullamco', 'laboris', 'nisi', 'aliquip',
  'ex', 'ea', 'commodo', 'consequat', 'duis', 'aute', 'irure', 'in', 'reprehenderit', 'voluptate',
  'velit', 'esse', 'cillum', 'fugiat', 'nulla', 'pariatur', 'excepteur', 'sint', 'occaecat', 'cupidatat',
  'non', 'proident', 'sunt', 'culpa', 'qui', 'officia', 'deserunt', 'mollit', 'anim', 'id',
  'est', 'laborum', 'vitae', 'augue', 'porta', 'nunc', 'lacus', 'felis', 'morbi', 'tellus',
  'quam', 'nibh', 'risus', 'urna', 'massa', 'arcu', 'libero', 'justo', 'mauris', 'neque',
  'purus', 'turpis', 'varius', 'vivamus', 'fames', 'ornare', 'semper', 'cursus', 'donec', 'pretium',
  'rutrum', 'sapien', 'tortor', 'viverra', 'lectus', 'mattis', 'dictum', 'gravida', 'luctus', 'nisl',
]);

/** Each word with its first letter capitalised (sentence starts). */
const CAPITALISED: readonly string[] = LOREM_WORDS.map((w) => `${w[0].toUpperCase()}${w.slice(1)}`);

/** One lorem word. */
export function loremWord(rng: Rng): string {
  return rng.choice(LOREM_WORDS);
}

/** `n` lorem words joined by single spaces (`n` < 1 gives `""`). */
export function loremWords(rng: Rng, n: number): string {
  if (n < 1) return '';
  let out = rng.choice(LOREM_WORDS);
  for (let i = 1; i < n; i++) out += ` ${rng.choice(LOREM_WORDS)}`;
  return out;
}

/** 8-15 words, first letter capitalised, ending with `.`. */
export function loremSentence(rng: Rng): string {
  const n = rng.int(8, 15);
  // The draw `rng.choice(LOREM_WORDS)` makes (`randint(0, len - 1)`), capitalised from a table.
  let out = CAPITALISED[rng.int(0, LOREM_WORDS.length - 1)];
  for (let i = 1; i < n; i++) out += ` ${rng.choice(LOREM_WORDS)}`;
  return `${out}.`;
}

/** 4-8 sentences joined by single spaces. */
export function loremParagraph(rng: Rng): string {
  const n = rng.int(4, 8);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(loremSentence(rng));
  return out.join(' ');
}
