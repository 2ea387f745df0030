/**
 * bpftool and ip, as the article uses them, with argument arrays (never a
 * shell string), reading their -j JSON output. They run from the command
 * runner (../commands/run.ts), not forked from the backend itself.
 */
import { z } from 'zod';
import type { ProgInfo } from '../../protocol/xdp';
import { runCommand, type CommandResult } from '../commands/run';

export class CommandError extends Error {}

/** The last line it said about failing. */
const whyFailed = (r: CommandResult) =>
  (r.stderr || r.stdout || r.error || '').trim().split('\n').filter(Boolean).pop() ??
  (r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`);

async function run(cmd: string, args: string[]): Promise<string> {
  const r = await runCommand(cmd, args);
  if (r.exitCode !== 0) throw new CommandError(`${cmd} ${args.slice(0, 3).join(' ')} failed: ${whyFailed(r)}`);
  return r.stdout;
}

export const bpftool = (args: string[]) => run('bpftool', args);
export const ip = (args: string[]) => run('ip', args);

const progSchema = z.object({
  id: z.number(),
  name: z.string().optional(),
  tag: z.string(),
  loaded_at: z.number(),
  bytes_xlated: z.number().optional(),
  bytes_jited: z.number().optional(),
  bytes_memlock: z.number().optional(),
  btf_id: z.number().optional(),
});


/** `bpftool prog show pinned PATH`, as the article reads it. */
export async function progShow(pin: string): Promise<ProgInfo> {
  const p = progSchema.parse(JSON.parse(await bpftool(['-j', 'prog', 'show', 'pinned', pin])));
  return {
    id: p.id,
    name: p.name ?? '',
    tag: p.tag,
    loadedAt: new Date(p.loaded_at * 1000).toISOString(),
    xlatedBytes: p.bytes_xlated ?? 0,
    jitedBytes: p.bytes_jited ?? 0,
    memlock: p.bytes_memlock ?? 0,
    btfId: p.btf_id ?? null,
  };
}

const percpuSchema = z.object({
  output: z.object({
    formatted: z.object({
      values: z.array(z.object({ cpu: z.number(), value: z.number() })),
    }),
  }),
});

/** Many bpftool commands in one run (`bpftool batch`): thousands of map
 *  updates take a fraction of a second instead of a process each. Stops
 *  at the first failing command; returns each command's JSON output. */
export async function bpftoolBatch(commands: string[][]): Promise<unknown[]> {
  if (commands.length === 0) return [];
  const script = commands.map((c) => c.join(' ')).join('\n');
  const r = await runCommand('bpftool', ['-j', 'batch', 'file', '-'], `${script}\n`);
  if (r.exitCode !== 0) throw new CommandError(`bpftool batch of ${commands.length} failed: ${whyFailed(r)}`);
  // batch -j prints [{command, output}, …], one per command, in order.
  return z.array(z.unknown()).parse(JSON.parse(r.stdout));
}

const mapShowSchema = z.object({ bytes_key: z.number(), bytes_value: z.number(), type: z.string() });

/** `bpftool map show pinned PATH`: the sizes an adopted pin must have. */
export async function mapShow(pin: string): Promise<z.infer<typeof mapShowSchema>> {
  return mapShowSchema.parse(JSON.parse(await bpftool(['-j', 'map', 'show', 'pinned', pin])));
}

/** Sums one per-CPU u64 entry per key, looked up in one bpftool run. */
export async function percpuSums(mapPin: string, keys: string[][]): Promise<number[]> {
  const docs = await bpftoolBatch(keys.map((k) => ['map', 'lookup', 'pinned', mapPin, 'key', ...k]));
  return docs.map((d) => {
    const parsed = percpuSchema.safeParse(d);
    return parsed.success ? parsed.data.output.formatted.values.reduce((a, v) => a + v.value, 0) : 0;
  });
}
