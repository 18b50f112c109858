/** TLS bulk: one way over TLS 1.3 on loopback TCP; MB/s from first write to last byte read. */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { connectTls, listenTls, SocketAttribute, type InetAddress } from '../../src';
import { createTestCertificates } from '../../examples/certificates';
import { receiveAll, sendAllChunks, transferRate, writeWithDrain } from '../one-way';
import { atLeast, type Scenario } from '../scenario';

async function raw(total: number): Promise<number> {
  const certs = createTestCertificates();
  let resolveGot: (n: number) => void = () => undefined;
  const received = new Promise<number>((resolve) => (resolveGot = resolve));
  const server = tls.createServer({ key: certs.server.key, cert: certs.server.cert }, (socket) => {
    let got = 0;
    socket.on('data', (data: Buffer) => {
      got += data.length;
      if (got === total) resolveGot(got);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: certs.ca });
  await new Promise<void>((resolve) => client.once('secureConnect', resolve));
  const rate = await transferRate(total, () => writeWithDrain(client, total), received);
  client.destroy();
  server.close();
  return rate;
}

/**
 * rxnet's side: `connectTls` to `listenTls`, default mode (Node's TLS over a Duplex of the
 * transport, T4 exact), or non-standard mode (Node's TLS on the socket itself). Shared with
 * `tls-bulk-duplex`.
 */
export async function rxnet(total: number, standardCompatible = true): Promise<number> {
  const certs = createTestCertificates();
  const listener = await listenTls({ host: '127.0.0.1', context: { key: certs.server.key, cert: certs.server.cert }, standardCompatible });
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const received = new Promise<number>((resolve, reject) => {
    listener
      .serve(async (t) => {
        resolve(await receiveAll(t, total));
      })
      .subscribe({ error: reject });
  });
  const client = await connectTls('127.0.0.1', port, { ca: certs.ca }, { serverHostname: 'localhost', standardCompatible });
  const rate = await transferRate(total, () => sendAllChunks(client, total), received);
  await client.aclose({ signal: AbortSignal.abort() }).catch(() => undefined);
  await listener.aclose();
  return rate;
}

export const tlsBulk: Scenario = {
  name: 'TLS bulk, default mode (connectTls/listenTls vs tls)',
  unit: 'MB/s',
  target: atLeast(0.95),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)((quick ? 32 : 256) * 1024 * 1024),
};

/** The same, in non-standard mode: rxnet's TLS runs on the socket itself, as `tls` does. */
export const tlsBulkNative: Scenario = {
  name: 'TLS bulk, standardCompatible: false (connectTls/listenTls vs tls)',
  unit: 'MB/s',
  target: atLeast(0.95),
  run: (side, quick) => (side === 'raw' ? raw : (total: number) => rxnet(total, false))((quick ? 32 : 256) * 1024 * 1024),
};
