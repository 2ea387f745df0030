/**
 * One source of truth for what the XDP program and its users share:
 * protocol/xdp-filter.ts must say what bpf/xdp_filter.h and the compiled
 * object's BTF say (limits, enums, map names, key and value layouts), so
 * a change to one side that forgets the other fails here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  XDP_ACTION, XDP_DEFAULT, XDP_MAPS, XDP_MAX_RULES, XDP_MAX_TALKERS, XDP_PORT_PREFIX_BITS, XDP_PROG_NAME, XDP_SIZES,
  XDP_TOTAL, XDP_TOTALS,
} from '../../protocol/xdp-filter';
import { repoRoot } from '../testing/backend';

const header = fs.readFileSync(path.join(repoRoot, 'bpf/xdp_filter.h'), 'utf8');

function define(name: string): number {
  const m = new RegExp(`#define ${name}\\s+(\\d+)`).exec(header);
  if (!m) throw new Error(`no #define ${name} in bpf/xdp_filter.h`);
  return Number(m[1]);
}

/** enum NAME { A = 0, B = 1 } -> { A: 0, B: 1 } */
function enumOf(name: string): Record<string, number> {
  const m = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(header);
  if (!m) throw new Error(`no enum ${name} in bpf/xdp_filter.h`);
  return Object.fromEntries([...m[1]!.matchAll(/(\w+)\s*=\s*(\d+)/g)].map((e) => [e[1]!, Number(e[2])]));
}

const btfSchema = z.object({
  types: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      name: z.string().optional(),
      size: z.number().optional(),
      members: z.array(z.object({ name: z.string(), bits_offset: z.number() })).optional(),
      vars: z.array(z.object({ type_id: z.number() })).optional(),
    }),
  ),
});

// Built by the Makefile before any test runs (scripts/ensure-deps.sh).
const btf = btfSchema.parse(
  JSON.parse(execFileSync('bpftool', ['-j', 'btf', 'dump', 'file', path.join(repoRoot, 'bpf/.output/xdp_filter.bpf.o')], { encoding: 'utf8' })),
).types;
const byName = (kind: string, name: string) => btf.find((t) => t.kind === kind && t.name === name);

describe('protocol/xdp-filter.ts against bpf/xdp_filter.h and the object', () => {
  it('has the limits', () => {
    expect(XDP_MAX_RULES).toBe(define('XDPF_MAX_RULES'));
    expect(XDP_MAX_TALKERS).toBe(define('XDPF_MAX_TALKERS'));
  });

  it('has the enums', () => {
    expect(enumOf('xdpf_action')).toEqual({ XDPF_DENY: XDP_ACTION.deny, XDPF_ALLOW: XDP_ACTION.allow });
    expect(enumOf('xdpf_default')).toEqual({ XDPF_DEFAULT_PASS: XDP_DEFAULT.pass, XDPF_DEFAULT_DROP: XDP_DEFAULT.drop });
    expect(enumOf('xdpf_total')).toEqual({
      XDPF_PASSED: XDP_TOTAL.passed, XDPF_DROPPED: XDP_TOTAL.dropped, XDPF_UNLISTED: XDP_TOTAL.unlisted, XDPF_TOTALS: XDP_TOTALS,
    });
  });

  it('has the sizes of every key and value struct', () => {
    for (const [name, size] of Object.entries(XDP_SIZES)) expect(byName('STRUCT', name)?.size, name).toBe(size);
  });

  it('has the port key prefix: protocol, pad and port before the address', () => {
    const addr = byName('STRUCT', 'xdpf_port_key_v4')!.members!.find((m) => m.name === 'addr')!;
    // bits_offset counts from the struct's start, which prefixlen (32 bits) opens.
    expect(addr.bits_offset - 32).toBe(XDP_PORT_PREFIX_BITS);
  });

  it('has every map the program defines, and the program name', () => {
    const maps = byName('DATASEC', '.maps')!.vars!.map((v) => btf.find((t) => t.id === v.type_id)?.name);
    expect(new Set(maps)).toEqual(new Set(Object.values(XDP_MAPS)));
    expect(byName('FUNC', XDP_PROG_NAME)).toBeDefined();
  });
});
