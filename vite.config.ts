import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';
import { appShell } from './tools/vite/appShell.ts';

export default defineConfig({
  // Relative by default: the same dist/ works from / or any sub-path (GitHub Pages style). MQTTSCOPE_BASE
  // sets an absolute one ("/tools/mqttscope/") where a host needs it.
  base: process.env.MQTTSCOPE_BASE ?? './',
  plugins: [react(), tailwindcss(), appShell()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: {
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tools/**/*.test.ts'],
    // property tests (100,000 generated cases each) run on their own: npm run test:property
    exclude: ['**/node_modules/**', '**/*.property.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    fileParallelism: true,
    // Files share their worker's module graph instead of each loading it anew (three times faster here).
    // Tests hold no state between them: each makes its own session (createAppSession) and resets the
    // stores (resetStores); protocol tests run on fake timers.
    isolate: false,
    restoreMocks: true,
  },
});
