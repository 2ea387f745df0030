/** The XDP filter's wanted state on disk, written atomically (temp file +
 *  rename), so a crash leaves the old file or the new one, never half. */
import fs from 'node:fs';
import { z } from 'zod';
import { ATTACH_REQUEST_MODES, DEFAULT_ACTIONS, DIRECTIONS, PROTOS, RULE_ACTIONS } from '../../protocol/xdp';
import { writeFileAtomic } from '../safe-files';

const attachedSchema = z.object({ ifname: z.string(), mode: z.enum(ATTACH_REQUEST_MODES) }).nullable();

const ruleSchema = z.object({
  cidr: z.string().nullable(),
  direction: z.enum(DIRECTIONS),
  proto: z.enum(PROTOS).nullable(),
  port: z.number().int().min(1).max(65535).nullable(),
  action: z.enum(RULE_ACTIONS),
  /** The drop counter's index: kept, so an adopted filter keeps its counts. */
  id: z.number().int().min(0),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  comment: z.string(),
  confirmed: z.boolean(),
});

const stateSchema = z.object({
  version: z.literal(2),
  attached: attachedSchema,
  default: z.enum(DEFAULT_ACTIONS),
  rules: z.array(ruleSchema),
});
export type XdpState = z.infer<typeof stateSchema>;
export type StoredRule = XdpState['rules'][number];

/** Before ports, lifetimes and the default: source/destination prefixes. */
const v1Schema = z.object({
  version: z.literal(1),
  attached: attachedSchema,
  rules: z.array(z.object({ cidr: z.string(), direction: z.enum(DIRECTIONS), createdAt: z.string() })),
});

const fromV1 = (v1: z.infer<typeof v1Schema>): XdpState => ({
  version: 2,
  attached: v1.attached,
  default: 'pass',
  rules: v1.rules.map((r, id) => ({
    ...r, proto: null, port: null, action: 'deny', id, expiresAt: null, comment: '', confirmed: true,
  })),
});

export const EMPTY_STATE: XdpState = { version: 2, attached: null, default: 'pass', rules: [] };

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
    const json: unknown = JSON.parse(text);
    const parsed = stateSchema.safeParse(json);
    if (parsed.success) return { state: parsed.data, problem: null };
    const old = v1Schema.safeParse(json);
    if (old.success) return { state: fromV1(old.data), problem: null };
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
