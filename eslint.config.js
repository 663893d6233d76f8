// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'bench-results', '.scratch'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'No focused tests.' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Payloads are bytes from strangers: never as HTML.
      'no-restricted-properties': ['error', { property: 'innerHTML', message: 'Never render payloads as HTML.' }],
    },
  },
  {
    // The protocol layer has no React and no UI: it runs in tests, workers and tools too.
    files: ['src/mqtt/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'], message: 'src/mqtt must not depend on UI or stores.' },
            { group: ['../features/*', '../stores/*', '../app/*', '../shared/*'], message: 'src/mqtt must not import the app.' },
          ],
        },
      ],
    },
  },
  {
    // One-way imports: app -> features -> shared; stores and mqtt below features.
    files: ['src/stores/**/*.ts', 'src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../features/*', '../app/*'], message: 'Stores and shared code must not import features or the app.' }] }],
    },
  },
  {
    files: ['tools/**/*.ts', 'e2e/**/*.ts', '*.config.ts', '*.config.js', 'src/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Plain scripts the bench serves to the browser.
    files: ['tools/bench/pages/**/*.js'],
    languageOptions: { globals: { ...globals.browser, gc: 'readonly', mqttscope: 'readonly' } },
  },
  {
    // Playwright fixtures declare "no dependencies" with an empty pattern.
    files: ['e2e/fixtures.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
