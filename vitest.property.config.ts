/**
 * `npm run test:property`: the fast-check property tests over hostile input, 100,000 generated cases
 * each (PROPERTY_RUNS=1000 for a quick run). Kept apart from the unit tests, which stay a few seconds.
 */
import { defineConfig } from 'vitest/config';
import base from './vite.config';

// the React the page runs: its production build, and JSX compiled for it (the React plugin reads this)
process.env.NODE_ENV = 'production';

export default defineConfig({
  ...base,
  mode: 'production',
  test: {
    ...base.test,
    include: ['src/**/*.property.test.{ts,tsx}'],
    exclude: ['**/node_modules/**'],
    testTimeout: 600_000,
    env: { NODE_ENV: 'production' },
    // two files at a time (two cores): a case over the limit is timed again, best of three (property.ts)
    fileParallelism: true,
  },
});
