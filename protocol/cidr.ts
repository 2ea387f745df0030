/**
 * Addresses and prefixes as users type them: "10.211.0.2", "10.211.0.0/24",
 * "fd00:211::2/128". Pure; errors say what is wrong.
 */
export interface Cidr {
  family: 4 | 6;
  /** Network byte order. */
  bytes: Uint8Array;
  prefix: number;
  /** Normalised text, e.g. "fd00:211::2/128". */
  text: string;
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; error: string };

function parseV4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseV6(s: string): Uint8Array | undefined {
  if (s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const words: number[] = [];
  const pushGroups = (gs: string[], isLast: boolean): boolean => {
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i]!;
      if (isLast && i === gs.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (!v4) return false;
        words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
        words.push(parseInt(g, 16));
      }
    }
    return true;
  };
  const headEnds = halves.length === 1;
  if (!pushGroups(head, headEnds)) return undefined;
  const headLen = words.length;
  if (!pushGroups(tail, true)) return undefined;
  const tailWords = words.splice(headLen);
  if (halves.length === 2) {
    const fill = 8 - headLen - tailWords.length;
    if (fill < 1) return undefined;
    words.push(...new Array<number>(fill).fill(0));
  }
  words.push(...tailWords);
  if (words.length !== 8) return undefined;
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

export function formatAddress(family: 4 | 6, bytes: Uint8Array): string {
  if (family === 4) return Array.from(bytes).join('.');
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  // RFC 5952: the longest run (>= 2) of zero words becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export function parseAddress(s: string): { family: 4 | 6; bytes: Uint8Array } | undefined {
  const v4 = parseV4(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseV6(s);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

export function parseCidr(input: string): CidrResult {
  const s = input.trim();
  if (!s) return { ok: false, error: 'enter an IPv4 or IPv6 address, optionally with /prefix' };
  const slash = s.indexOf('/');
  const addrText = slash < 0 ? s : s.slice(0, slash);
  const addr = parseAddress(addrText);
  if (!addr) return { ok: false, error: `'${addrText}' is not an IPv4 or IPv6 address` };
  const max = addr.family === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) {
      return { ok: false, error: `prefix '/${p}' must be a number from 0 to ${max} for IPv${addr.family}` };
    }
    prefix = Number(p);
  }
  // ::ffff:a.b.c.d never arrives: IPv4 packets carry IPv4 addresses.
  if (addr.family === 6 && prefix >= 96 && addr.bytes.subarray(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff))) {
    const v4 = formatAddress(4, addr.bytes.subarray(12));
    const asV4 = prefix === 128 ? v4 : `${v4}/${prefix - 96}`;
    return {
      ok: false,
      error: `'${s}' is an IPv4-mapped IPv6 address: IPv4 packets carry IPv4 addresses, so it would never match; use ${asV4}`,
    };
  }
  if (prefix === 0) {
    return { ok: false, error: `/0 would match every IPv${addr.family} address; block narrower prefixes` };
  }
  const network = maskTo(addr.bytes, prefix);
  if (!network.every((b, i) => b === addr.bytes[i])) {
    const suggestion = `${formatAddress(addr.family, network)}/${prefix}`;
    return { ok: false, error: `'${s}' has host bits set beyond /${prefix}; did you mean ${suggestion}?` };
  }
  return {
    ok: true,
    cidr: { family: addr.family, bytes: network, prefix, text: `${formatAddress(addr.family, network)}/${prefix}` },
  };
}

function maskTo(bytes: Uint8Array, prefix: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    out[i] = bytes[i]! & ((0xff << (8 - bits)) & 0xff);
  }
  return out;
}

/** Does the prefix contain this address? */
export function cidrContains(cidr: Cidr, addr: { family: 4 | 6; bytes: Uint8Array }): boolean {
  if (cidr.family !== addr.family) return false;
  const masked = maskTo(addr.bytes, cidr.prefix);
  return masked.every((b, i) => b === cidr.bytes[i]);
}
