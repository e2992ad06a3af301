import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The repository's own ESLint config (eslint.config.mjs) run on snippets placed at chosen paths: the import boundaries bite. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The messages of the given rules for `code` as if it were the file `file` (relative to the repository). */
async function lint(file: string, code: string, rules = ['picard/lib-layers', 'no-restricted-imports']): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => rules.includes(m.ruleId ?? '')).map((m) => `${m.ruleId} ${m.line}: ${m.message}`);
}

describe('ESLint picard/lib-layers (lib/build/layers.mjs)', () => {
  it('reports a low folder importing a higher one, type imports and every specifier form included', async () => {
    const messages = await lint(
      'lib/sandbox/snippet.ts',
      [
        "import type { PrecheckEntry } from '../generation/precheck-entry';",
        "import { itemKey } from '@/lib/generation/precheck-entry';",
        "export { runFiles } from '../results/run-files';",
        "export * from '../scoring/registry';",
        "export type Entry = PrecheckEntry | import('../agents/types').Agent;",
        "export const load = () => import('../runner/start-run');",
        'export const key = itemKey;',
      ].join('\n'),
    );
    expect(messages).toHaveLength(6);
    expect(messages[0]).toBe(
      "picard/lib-layers 1: lib/sandbox must not import lib/generation ('../generation/precheck-entry'): generation is above sandbox in lib's layer order (" +
        'util < py < stats < build < testing < suites < definitions < sandbox < templates < generation < results < scoring < events < agents < index < runner < reports < state < distributed < experiments < cli < bench < live; lib/build/layers.mjs)',
    );
    expect(messages.map((m) => m.match(/lib\/sandbox must not import lib\/(\w+)/)?.[1])).toEqual(['generation', 'generation', 'results', 'scoring', 'agents', 'runner']);
    expect(messages.map((m) => parseInt(m.split(' ')[1], 10))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reports imports from deeper files and into a higher folder itself', async () => {
    expect(await lint('lib/results/testing/snippet.ts', "export { scoreRun } from '../../scoring/score-run';\nexport * from '../../events';")).toEqual([
      expect.stringContaining('lib/results must not import lib/scoring'),
      expect.stringContaining('lib/results must not import lib/events'),
    ]);
    expect(await lint('lib/util/snippet.ts', "export { pyStr } from '../py';")).toEqual([expect.stringContaining('lib/util must not import lib/py')]);
  });

  it('accepts imports of lower folders, of its own folder and of packages', async () => {
    const code = [
      "import type { Rng } from '../util/rng';",
      "import { pyStr } from '@/lib/py';",
      "import { isWithin } from '../sandbox/confine';",
      "import { evaluateTemplates } from './evaluate';",
      "import { z } from 'zod';",
      'export const all = [pyStr, isWithin, evaluateTemplates, z];',
      'export type R = Rng;',
    ].join('\n');
    expect(await lint('lib/templates/snippet.ts', code)).toEqual([]);
  });

  it('leaves tests free to compose higher folders', async () => {
    expect(await lint('lib/sandbox/snippet.test.ts', "export { makeCtx } from '../generation/test-context';")).toEqual([]);
  });

  it('reports a lib folder the order does not place, and imports of lib/ itself', async () => {
    expect(await lint('lib/newfolder/snippet.ts', 'export const x = 1;')).toEqual([
      'picard/lib-layers 1: lib/newfolder has no place in lib/build/layers.mjs: add it to LIB_LAYERS (and to lib/README.md)',
    ]);
    expect(await lint('lib/cli/snippet.ts', "export * from '..';")).toEqual([expect.stringContaining("lib/cli must not import from lib/ itself ('..')")]);
  });

  it('still applies the web-layer ban next to it (the two rules do not replace each other)', async () => {
    expect(await lint('lib/util/snippet.ts', "export { NextResponse } from 'next/server';\nexport { x } from '../generation/numbers';")).toEqual([
      'no-restricted-imports 1: \'next/server\' import is restricted from being used by a pattern. lib/ must not import Next or React',
      expect.stringContaining('picard/lib-layers 2: lib/util must not import lib/generation'),
    ]);
  });
});

describe('ESLint: server/ stays an adapter', () => {
  it('refuses scorer modules and result-file parsers, but takes the explained item detail', async () => {
    const messages = await lint('server/snippet.ts', [
      "export { explainAnswer } from '../lib/scoring/registry';",
      "export { readJsonl } from '@/lib/results/jsonl';",
      "export { readExplainedItemDetail } from '../lib/scoring/item-detail';",
      "export { readItemDetail } from '../lib/results';",
    ].join('\n'));
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports 1: .*server\/ has no scorer knowledge/),
      expect.stringMatching(/^no-restricted-imports 2: .*server\/ does not parse result files/),
    ]);
  });
});

describe('ESLint: components take lib through its index files and nothing of server/', () => {
  it('refuses a module inside a lib folder and server/ internals, and takes the index', async () => {
    const messages = await lint('components/snippet.tsx', [
      "export type { RunState } from '@/lib/state/types';",
      "export { RunManager } from '@/server/run-manager';",
      "export type { ItemDetail } from '@/lib/results';",
    ].join('\n'));
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports 1: .*Import lib through its index file/),
      expect.stringMatching(/^no-restricted-imports 2: .*UI code must not import server\//),
    ]);
  });
});
