// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What libs/domain may never import: it stays pure TypeScript (types and functions, no framework, no I/O). */
const FRAMEWORK_AND_IO = [
  '@nestjs/*',
  'typeorm',
  'bullmq',
  'ioredis',
  '@eventstore/*',
  'pg',
  'rxjs',
  'rxjs/*',
  'mediasoup',
  'onvif',
  'node:*',
  'fs',
  'net',
  'http',
  'https',
  'dgram',
  'child_process',
  '@vigil/infrastructure',
  '@vigil/media',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'bench/results/'] },
  eslint.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: 'error',
      curly: 'error',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: FRAMEWORK_AND_IO, message: 'libs/domain is pure: no framework or I/O imports.' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ignores: ['apps/api/src/console/static/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The operator console's page script runs in the browser, as an ES module (no build step).
    files: ['apps/api/src/console/static/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  prettier,
);
