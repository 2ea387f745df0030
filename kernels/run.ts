/** What npm run test:kernels and bench:kernels share around their guests:
 *  a work folder, kept for its logs only when something failed, and an
 *  exit code. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs main with a fresh work folder; main says whether all went well. */
export function runWithWork(name: string, log: (s: string) => void, main: (work: string) => Promise<boolean>): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  main(work).then(
    (ok) => {
      if (ok) fs.rmSync(work, { recursive: true, force: true });
      else log(`logs kept in ${work}`);
      process.exitCode = ok ? 0 : 1;
    },
    (err: Error) => {
      // Failed before any guest wrote there (say, a wrong option): nothing to keep.
      const empty = fs.readdirSync(work).length === 0;
      if (empty) fs.rmSync(work, { recursive: true, force: true });
      log(empty ? err.message : `${err.message} (logs in ${work})`);
      process.exitCode = 1;
    },
  );
}
