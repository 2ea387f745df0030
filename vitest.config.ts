import { defineConfig } from 'vitest/config';
import { SLOW } from './server/testing/backend';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['protocol/**/*.test.ts', 'server/**/*.test.ts', 'app/**/*.test.ts', 'kernels/**/*.test.ts', 'deploy/**/*.test.ts'],
          exclude: ['**/*.kernel.test.ts', 'node_modules/**'],
        },
      },
      {
        // trace_pipe hands each line to one reader: these run one file at a time.
        test: {
          name: 'kernel',
          include: ['server/**/*.kernel.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000 * SLOW,
          hookTimeout: 60_000 * SLOW,
        },
      },
    ],
  },
});
