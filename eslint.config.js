// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers, one way down: app -> features -> shared -> stores -> data -> mqtt. The zones hold at any
 * folder depth (they compare resolved files, not import strings); tools/lint/checkFences.ts proves it with
 * a wrong import at each depth, and `npm run lint` runs it.
 */
const FEATURES = readdirSync('src/features', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const UI_PACKAGES = ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];
const above = (...layers) => layers.map((layer) => `./src/${layer}`);
const zones = [
  { target: './src/mqtt', from: above('data', 'stores', 'shared', 'features', 'app'), message: 'src/mqtt is the protocol layer: it imports nothing above it.' },
  { target: './src/data', from: above('stores', 'shared', 'features', 'app'), message: 'src/data imports only src/mqtt.' },
  { target: './src/stores', from: above('shared', 'features', 'app'), message: 'Stores import only src/data and src/mqtt.' },
  { target: './src/shared', from: above('features', 'app'), message: 'Shared code must not import features or the app.' },
  { target: './src/features', from: above('app'), message: 'Features must not import the app.' },
  ...FEATURES.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message: 'A feature does not import another feature: move what both need to src/shared.',
  })),
];

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
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'tsconfig.node.json'], noWarnOnMultipleProjects: true })],
      // no-cycle reads the files an import leads to: with the TypeScript parser
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Payloads are bytes from strangers: never as HTML.
      'no-restricted-properties': ['error', { property: 'innerHTML', message: 'Never render payloads as HTML.' }],
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The protocol layer and the data below the UI have no React and no stores: they run in tests,
    // workers and tools too.
    files: ['src/mqtt/**/*.ts', 'src/data/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: UI_PACKAGES, message: 'src/mqtt and src/data must not depend on UI or stores.' }] }],
    },
  },
  {
    // Features and shared UI reach the session only through sessionContext (its commands and read access),
    // never the page's instance: a test gives them a session of its own.
    files: ['src/features/**/*.{ts,tsx}', 'src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/stores/appSession'], message: 'Use useSessionActions / useSessionData from stores/sessionContext.' }] },
      ],
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
