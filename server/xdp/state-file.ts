/** The XDP filter's wanted state on disk, written atomically (temp file +
 *  rename), so a crash leaves the old file or the new one, never half. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ATTACH_REQUEST_MODES, DIRECTIONS } from '../../protocol/xdp';


const stateSchema = z.object({
  version: z.literal(1),
  attached: z.object({ ifname: z.string(), mode: z.enum(ATTACH_REQUEST_MODES) }).nullable(),
  rules: z.array(z.object({ cidr: z.string(), direction: z.enum(DIRECTIONS), createdAt: z.string() })),
});
export type XdpState = z.infer<typeof stateSchema>;

export const EMPTY_STATE: XdpState = { version: 1, attached: null, rules: [] };

export function readState(file: string): XdpState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_STATE;
    throw err;
  }
  const parsed = stateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid state file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function writeState(file: string, state: XdpState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
