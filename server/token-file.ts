/**
 * Where the access token comes from when it is not given: kept in the
 * state folder (root's alone), so a restart keeps it and open tabs, which
 * hold it in sessionStorage, reconnect by themselves. A random one each
 * start left every tab "not authorized" until given the new link.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomToken, tokenProblem } from './cli/options';
import { ensurePrivateDir, writeFileAtomic } from './safe-files';

/** The token's file in the state folder. */
export const keptTokenFile = (stateDir: string) => path.join(stateDir, 'token');

/** The first line of a file only its owner can read, as a token. */
export function readTokenFile(file: string, what = `--token-file ${file}`): string {
  const st = fs.statSync(file);
  if (st.mode & 0o077) throw new Error(`${what} is readable by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it`);
  const token = fs.readFileSync(file, 'utf8').split('\n')[0]!.trim();
  const bad = tokenProblem(token, `the token in ${file}`);
  if (bad) throw new Error(bad);
  return token;
}

/** The kept token, made (or made anew: rotate) when there is none. The
 *  file is never followed through a link: the folder is ours alone. */
export function keptToken(stateDir: string, rotate: boolean): { token: string; made: boolean } {
  ensurePrivateDir(stateDir);
  const file = keptTokenFile(stateDir);
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (st && !rotate) {
    if (!st.isFile() || st.nlink > 1 || st.uid !== process.getuid?.()) {
      throw new Error(`${file} is not a plain file of ours (a link?): remove it, or start with --rotate-token`);
    }
    return { token: readTokenFile(file, file), made: false };
  }
  const token = randomToken();
  writeFileAtomic(file, `${token}\n`);
  return { token, made: true };
}
