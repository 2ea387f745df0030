/**
 * Map keys and values as bpftool takes them (`key hex …`), laid out as
 * bpf/xdp_filter.h defines: LPM keys are a host-order u32 prefix length
 * followed by the address in network order.
 */
import os from 'node:os';
import type { Cidr } from '../../protocol/cidr';

/** `hex 0a d3 …`: bytes as one bpftool argument list. */
export const hexArg = (bytes: Iterable<number>): string[] => [
  'hex',
  ...Array.from(bytes, (b) => b.toString(16).padStart(2, '0')),
];

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
  return hexArg([...u32Bytes(cidr.prefix), ...cidr.bytes]);
}

export const u32Arg = (n: number): string[] => hexArg(u32Bytes(n));
export const u64Arg = (n: number): string[] => hexArg(u64Bytes(n));
