import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { libLayersRule } from './lib/build/lib-layers-rule.mjs';

/** lib/ is the framework: it must not depend on the web layer. */
const webLayer = {
  patterns: [
    { group: ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*'], message: 'lib/ must not import Next or React' },
    { group: ['socket.io', 'socket.io/*', 'socket.io-client', 'socket.io-client/*'], message: 'lib/ must not import Socket.IO' },
    { group: ['@/app/*', '@/components/*', '@/server/*', '**/app/*', '**/components/*', '**/server/*', '../app', '../components', '../server'], message: 'lib/ must not import app/, components/ or server/' },
  ],
};

/** components/ and app/ pages are the UI: view models come from lib/, never from server/ internals. */
const serverInternals = { group: ['@/server/*', '**/server/*'], message: 'UI code must not import server/: the view models it receives are defined in lib/' };
/** Components import lib through its index files (`@/lib/state`, `@/lib/events`, `@/lib/results`, `@/lib/reports`). */
const libInternals = { group: ['@/lib/*/*', '**/lib/*/*'], message: 'Import lib through its index file (e.g. @/lib/state), not a module inside it' };

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', 'results/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'lib/bench/.out/**', '.build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['lib/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', webLayer] },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverInternals, libInternals] }] },
  },
  {
    // Tests may reach lib's test helpers (e.g. lib/state/test-events.ts), which no index exports.
    files: ['components/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverInternals] }] },
  },
  {
    // Pages are server components: they reach the process's run and experiment managers through their access
    // modules and nothing else of server/. Server actions (app/actions) and route handlers (app/api) are server code.
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/actions/**', 'app/api/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ ...serverInternals, group: ['@/server/*', '!@/server/run-manager-access', '!@/server/experiment-manager-access', '**/server/*', '!**/server/run-manager-access', '!**/server/experiment-manager-access'] }] }],
    },
  },
  {
    // lib's folders import only downward, in the one order of lib/build/layers.mjs (lib/README.md), type imports
    // included. Tests are exempt: they may compose higher layers to check a lower one (lib/import-order.test.ts
    // still checks that the whole graph, tests aside, has no cycles).
    files: ['lib/**/*.{ts,mjs}'],
    ignores: ['lib/**/*.test.ts'],
    plugins: { picard: { rules: { 'lib-layers': libLayersRule } } },
    rules: { 'picard/lib-layers': 'error' },
  },
  {
    // server/ is an adapter (Next + Socket.IO around lib): it neither scores nor parses result files. The answer view
    // comes whole from lib/scoring/item-detail; run and item data from lib/results' index, lib/state and lib/index.
    files: ['server/**/*.ts'],
    ignores: ['server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@/lib/scoring/*', '!@/lib/scoring/item-detail', '**/lib/scoring/*', '!**/lib/scoring/item-detail'], message: 'server/ has no scorer knowledge: ask lib (lib/scoring/item-detail for the answer view)' },
          { group: ['@/lib/results/jsonl', '@/lib/results/read-run', '@/lib/results/run-files', '**/lib/results/jsonl', '**/lib/results/read-run', '**/lib/results/run-files'], message: 'server/ does not parse result files: lib/results, lib/state and lib/index read them' },
        ],
      }],
    },
  },
  {
    // Wall-clock time and randomness only where a run meets the world: terminal progress rates (lib/cli) and the
    // model clients' retry timing and jitter (lib/agents).
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts', 'lib/cli/**', 'lib/agents/**'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use the injected Rng: generation and scoring must be deterministic.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected Clock.' },
      ],
    },
  },
);
