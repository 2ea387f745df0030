/** Reads a small JSON request body; bigger or broken bodies are refused. */
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Stops reading at the limit without destroying the request, so the 413
 *  can still be written; the connection is closed once it is. */
export function readJsonBody(req: IncomingMessage, limit = 16 * 1024): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      req.pause();
      reject(new BodyError(413, `request body over ${limit} bytes`));
    };
    const onEnd = () => {
      cleanup();
      if (size === 0) return resolve({});
      if (!type.startsWith('application/json')) return reject(new BodyError(415, 'send the body as application/json'));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BodyError(400, 'request body is not valid JSON'));
      }
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
