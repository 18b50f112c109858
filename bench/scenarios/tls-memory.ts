/**
 * TLS over memory: 64 MiB one way (8 MiB quick) through Node's TLS over `stream.duplexPair`,
 * against `AsyncTLSStreamTransport.wrap` over `createMemoryStreamPair`; MB/s. No target: both
 * run Node's TLS over a JS stream, and this shows what rxnet's adapter adds to that.
 */
import { duplexPair } from 'node:stream';
import * as tls from 'node:tls';
import { AsyncTLSStreamTransport, createMemoryStreamPair } from '../../src';
import { createTestCertificates } from '../../examples/certificates';
import { receiveAll, sendAllChunks, transferRate, writeWithDrain } from '../one-way';
import type { Scenario } from '../scenario';

async function raw(total: number): Promise<number> {
  const certs = createTestCertificates();
  const [a, b] = duplexPair();
  const server = new tls.TLSSocket(a, { isServer: true, secureContext: tls.createSecureContext({ key: certs.server.key, cert: certs.server.cert }) });
  const client = tls.connect({ socket: b, servername: 'localhost', ca: certs.ca });
  await new Promise<void>((resolve) => client.once('secureConnect', resolve));
  const received = new Promise<number>((resolve) => {
    let got = 0;
    server.on('data', (data: Buffer) => {
      got += data.length;
      if (got === total) resolve(got);
    });
  });
  const rate = await transferRate(total, () => writeWithDrain(client, total), received);
  client.destroy();
  server.destroy();
  return rate;
}

async function rxnet(total: number): Promise<number> {
  const certs = createTestCertificates();
  const [a, b] = createMemoryStreamPair();
  const [server, client] = await Promise.all([
    AsyncTLSStreamTransport.wrap(a, { key: certs.server.key, cert: certs.server.cert }),
    AsyncTLSStreamTransport.wrap(b, { ca: certs.ca }, { serverHostname: 'localhost' }),
  ]);
  const received = receiveAll(server, total);
  const rate = await transferRate(total, () => sendAllChunks(client, total), received);
  await Promise.all([client.aclose(), server.aclose()]);
  return rate;
}

export const tlsMemory: Scenario = {
  name: 'TLS over memory (vs tls over duplexPair)',
  unit: 'MB/s',
  labels: { raw: 'tls over stream.duplexPair', rxnet: 'wrap over createMemoryStreamPair' },
  run: (side, quick) => (side === 'raw' ? raw : rxnet)((quick ? 8 : 64) * 1024 * 1024),
};
