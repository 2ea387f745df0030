/**
 * Which attach modes work on this kernel, and why the others do not: the
 * loader's --probe loads and attaches each mode (scoped so that it prints
 * nothing) and detaches at once. Needs root, like the loader itself.
 */
import { execa } from 'execa';
import { z } from 'zod';
import { ATTACH_MODES, type AttachMode } from '../../protocol/status';

const probeSchema = z.object({
  type: z.literal('probe'),
  modes: z.array(z.object({ mode: z.enum(ATTACH_MODES), ok: z.boolean(), why: z.string() })),
});
export type ModeSupport = z.infer<typeof probeSchema>['modes'][number];

/** Pure: what --probe printed -> each mode's support; null without its line. */
export function parseProbe(stdout: string): ModeSupport[] | null {
  const line = stdout.split('\n').find((l) => l.startsWith('{"type":"probe"'));
  return line ? probeSchema.parse(JSON.parse(line)).modes : null;
}

export async function probeAttachModes(loader: string, only?: AttachMode): Promise<ModeSupport[]> {
  const r = await execa(loader, ['--probe', ...(only ? ['--attach', only] : [])], { reject: false, stdin: 'ignore', timeout: 120_000 });
  const modes = r.exitCode === 0 ? parseProbe(r.stdout) : null;
  if (!modes) throw new Error(`${loader} --probe failed: ${r.stderr.trim() || r.shortMessage || `exit ${r.exitCode}`}`);
  return modes;
}

/** The mode auto picks: the first that works, in ATTACH_MODES order. */
export function autoMode(modes: readonly ModeSupport[]): AttachMode | null {
  return ATTACH_MODES.find((m) => modes.some((s) => s.mode === m && s.ok)) ?? null;
}
