/** The XDP filter's wanted state on disk, written atomically (temp file +
 *  rename), so a crash leaves the old file or the new one, never half. */
import fs from 'node:fs';
import { z } from 'zod';
import { ATTACH_REQUEST_MODES, DIRECTIONS } from '../../protocol/xdp';
import { writeFileAtomic } from '../safe-files';

const stateSchema = z.object({
  version: z.literal(1),
  attached: z.object({ ifname: z.string(), mode: z.enum(ATTACH_REQUEST_MODES) }).nullable(),
  rules: z.array(z.object({ cidr: z.string(), direction: z.enum(DIRECTIONS), createdAt: z.string() })),
});
export type XdpState = z.infer<typeof stateSchema>;

export const EMPTY_STATE: XdpState = { version: 1, attached: null, rules: [] };

/** The state, or empty with a problem: a damaged file must not keep the
 *  backend from starting. It is moved aside for the user to look at. */
export function readState(file: string): { state: XdpState; problem: string | null } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: EMPTY_STATE, problem: null };
    throw err;
  }
  let why: string;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data, problem: null };
    why = z.prettifyError(parsed.error);
  } catch (err) {
    why = (err as Error).message;
  }
  const aside = `${file}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, aside);
  return { state: EMPTY_STATE, problem: `${file} was damaged (${why.split('\n')[0]}); started without rules; it is kept as ${aside}` };
}

export function writeState(file: string, state: XdpState): void {
  writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}
