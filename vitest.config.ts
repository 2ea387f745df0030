import { defineConfig } from 'vitest/config';

/** Under qemu without KVM (npm run test:kernels) everything is slower. */
const slow = Math.max(1, Number(process.env.ODASH_TEST_SLOW) || 1);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['protocol/**/*.test.ts', 'server/**/*.test.ts', 'app/**/*.test.ts', 'kernels/**/*.test.ts'],
          exclude: ['**/*.kernel.test.ts', 'node_modules/**'],
        },
      },
      {
        // trace_pipe hands each line to one reader: these run one file at a time.
        test: {
          name: 'kernel',
          include: ['server/**/*.kernel.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000 * slow,
          hookTimeout: 60_000 * slow,
        },
      },
    ],
  },
});
