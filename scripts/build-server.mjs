// Bundles the backend and its worker threads into .build/server/ (ESM),
// with the packages they use but DuckDB's native part. Node then reads
// three files and DuckDB's at a start (83 file lookups, not 3,432): under
// tsx each of some 150 modules went through the loader hooks, and each
// package was looked up file by file, which over the kernel matrix's 9p
// and emulation took most of a backend start's 72-240 s. Takes about 0.2 s:
// npm start and the tests run it every time.
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
    // commands/run.ts forks it, beside the main bundle.
    'runner-child': 'server/commands/runner-child.ts',
  },
  outdir: '.build/server',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The native bindings load their .node file by path; ws's optional
  // native helpers are absent (it falls back to JS).
  external: ['@duckdb/node-bindings', 'bufferutil', 'utf-8-validate'],
  // The CommonJS packages bundled (ws, prom-client) require node's own
  // modules: an ES module has no require of its own.
  banner: { js: "import { createRequire as createRequire_ } from 'node:module'; const require = createRequire_(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
