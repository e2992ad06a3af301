import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** lib/ is the framework: it must not depend on the web layer. */
const webLayer = {
  patterns: [
    { group: ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*'], message: 'lib/ must not import Next or React' },
    { group: ['socket.io', 'socket.io/*', 'socket.io-client', 'socket.io-client/*'], message: 'lib/ must not import Socket.IO' },
    { group: ['@/app/*', '@/components/*', '@/server/*', '**/app/*', '**/components/*', '**/server/*', '../app', '../components', '../server'], message: 'lib/ must not import app/, components/ or server/' },
  ],
};

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
    files: ['lib/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', webLayer] },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts', 'lib/util/clock.ts', 'lib/generation/seed.ts', 'lib/cli/**', 'lib/runner/**', 'lib/agents/**', 'lib/results/**', 'lib/events/**', 'lib/reports/**', 'lib/scoring/score-run.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Use the injected Rng: generation and scoring must be deterministic.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected Clock.' },
      ],
    },
  },
);
