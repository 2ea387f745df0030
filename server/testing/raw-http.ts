/** Raw HTTP for tests that must send what fetch refuses to (bad paths,
 *  half-sent requests, resets). */
import net from 'node:net';

/** Sends the bytes, returns the status line's code (0: no answer). */
export function rawRequest(port: number, text: string, ms = 5000): Promise<{ status: number; head: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(got)?.[1] ?? 0), head: got.split('\r\n\r\n')[0]! });
    };
    socket.setTimeout(ms, done);
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) done();
    });
    socket.on('error', done);
    socket.on('end', done);
    socket.write(text);
  });
}

/** Sends a request and resets the connection at once (RST, not FIN). */
export function requestAndReset(port: number, text: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(text);
      socket.resetAndDestroy();
      resolve();
    });
    socket.on('error', () => resolve());
  });
}
