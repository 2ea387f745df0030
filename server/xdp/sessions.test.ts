import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseTcpTable, readSessions, sessionFlows } from './sessions';

describe('parseTcpTable', () => {
  it('reads IPv4 and IPv6 sockets as the kernel writes them', () => {
    const v4 = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100D30A:0016 0700A8C0:C350 01 00000000:00000000 00:00000000 00000000     0        0 242 1 0 100 0 0 10 0
   1: 00000000:1B9E 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 243 1 0 100 0 0 10 0
   2: garbage`;
    expect(parseTcpTable(v4)).toEqual([
      { local: '10.211.0.1', localPort: 22, remote: '192.168.0.7', remotePort: 50000, established: true },
      { local: '0.0.0.0', localPort: 7070, remote: '0.0.0.0', remotePort: 0, established: false },
    ]);
    const v6 = `  sl  local_address                         remote_address                        st
   0: 110200FD000000000000000001000000:0016 0000000000000000FFFF00000700A8C0:C351 01`;
    expect(parseTcpTable(v6)).toEqual([
      { local: 'fd00:211::1', localPort: 22, remote: '192.168.0.7', remotePort: 50001, established: true },
    ]);
  });
});

describe('sessionFlows', () => {
  it("keeps the established sessions to the interface's addresses on the owner's ports, each peer once", () => {
    const s = (local: string, localPort: number, remote: string, established = true) => ({ local, localPort, remote, remotePort: 40000, established });
    const ports = new Map([[22, 'SSH'], [7070, 'dashboard']]);
    const flows = sessionFlows(
      [s('10.0.0.1', 22, '198.51.100.7'), s('10.0.0.1', 22, '198.51.100.7'), s('10.0.0.1', 80, '203.0.113.9'),
        s('10.0.0.2', 22, '203.0.113.10'), s('10.0.0.1', 7070, '192.0.2.4', false)],
      ['10.0.0.1'], ports,
    );
    expect(flows).toEqual([{ from: '198.51.100.7', port: 22, proto: 'tcp', what: 'the SSH session from 198.51.100.7 (tcp 22)' }]);
  });

  it('finds a real established connection in the kernel tables', async () => {
    const server = net.createServer((c) => c.on('error', () => undefined));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    await new Promise((r) => client.once('connect', r));
    try {
      expect(readSessions(['127.0.0.1'], new Map([[port, 'test']]))).toEqual([
        { from: '127.0.0.1', port, proto: 'tcp', what: `the test session from 127.0.0.1 (tcp ${port})` },
      ]);
    } finally {
      client.destroy();
      server.close();
    }
  });
});
