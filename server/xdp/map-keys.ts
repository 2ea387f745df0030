/**
 * Map keys and values as bpftool takes them (`key hex …`), laid out as
 * bpf/xdp_filter.h defines: LPM keys are a host-order u32 prefix length
 * followed by the address in network order.
 */
import os from 'node:os';
import type { Cidr } from '../../protocol/cidr';

const hex = (bytes: Iterable<number>) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0'));

export function u32Bytes(n: number): number[] {
  const b = Buffer.alloc(4);
  if (os.endianness() === 'LE') b.writeUInt32LE(n >>> 0);
  else b.writeUInt32BE(n >>> 0);
  return [...b];
}

export function u64Bytes(n: number): number[] {
  const b = Buffer.alloc(8);
  if (os.endianness() === 'LE') b.writeBigUInt64LE(BigInt(n));
  else b.writeBigUInt64BE(BigInt(n));
  return [...b];
}

/** `hex 18 00 00 00 0a d3 00 00` for 10.211.0.0/24 (on little-endian). */
export function lpmKey(cidr: Cidr): string[] {
  return ['hex', ...hex([...u32Bytes(cidr.prefix), ...cidr.bytes])];
}

export function u32Arg(n: number): string[] {
  return ['hex', ...hex(u32Bytes(n))];
}

export function u64Arg(n: number): string[] {
  return ['hex', ...hex(u64Bytes(n))];
}

/** The trie a rule lives in. */
export function ruleMap(cidr: Cidr, direction: 'src' | 'dst'): string {
  return `${direction}_v${cidr.family}`;
}
