// Bundles the backend and its worker threads into .build/server/ (ESM; the
// packages stay in node_modules). Node then loads three files at a start,
// where under tsx each of some 150 modules went through the loader hooks:
// 1.7 -> 0.7 s here, and minutes -> seconds under the kernel matrix's
// emulation. Takes about 0.1 s: npm start and the tests run it every time.
import { build } from 'esbuild';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'server/main.ts',
    // ts-worker.ts starts these by name, beside the main bundle.
    'spool-worker': 'server/trace/spool-worker.ts',
    'store-worker': 'server/store/store-worker.ts',
  },
  outdir: '.build/server',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
