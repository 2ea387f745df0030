/** Serves the Next.js static export (out/). Paths resolve inside root only. */
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Finds the file for a URL path: /x -> x.html or x/index.html. */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  const base = path.resolve(root);
  const candidates = [rel, `${rel}.html`, path.join(rel, 'index.html')];
  for (const c of candidates) {
    const file = path.resolve(base, `.${path.posix.normalize(`/${c}`)}`);
    if (file !== base && !file.startsWith(base + path.sep)) continue;
    try {
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

export function sendFile(res: ServerResponse, file: string, status = 200): void {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  // Next puts content hashes in _next/static names: those never change.
  const immutable = file.includes(`${path.sep}_next${path.sep}static${path.sep}`);
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  // A file that cannot be opened (out of descriptors: EMFILE) or read ends
  // this answer, never the server.
  pipeline(fs.createReadStream(file), res, (err) => {
    if (err && !res.headersSent) res.writeHead(503).end();
  });
}
