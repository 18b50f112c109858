/**
 * A child process for the native TLS path's crash test (T2): runs, many times over, the
 * sequences that crash Node's TLS on a socket (SIGSEGV or a corrupted heap in OpenSSL) when
 * the socket under it is reset with Node's own `resetAndDestroy()`, each through rxnet's
 * non-standard TLS over TCP, with a full GC between rounds so that freed memory is reused.
 * Prints `ok <rounds>` and exits 0 when the process survived all of them.
 */
import type * as net from 'node:net';
import {
  acloseForcefully,
  AsyncTLSStreamTransport,
  connectTcp,
  listenTcp,
  SocketAttribute,
  type AsyncStreamTransport,
  type InetAddress,
} from '../../src';
import { tlsFixtures } from './tls-fixtures';

const fixtures = tlsFixtures();
const rounds = Number(process.argv[2] ?? 10);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function nativePair(): Promise<{ a: AsyncTLSStreamTransport; b: AsyncTLSStreamTransport; rawB: net.Socket }> {
  const listener = await listenTcp({ host: '127.0.0.1' });
  const accepted = new Promise<AsyncStreamTransport>((resolve) =>
    listener.serve().subscribe((transport) => {
      resolve(transport);
      void listener.aclose();
    }),
  );
  const rawA = await connectTcp('127.0.0.1', (listener.extra(SocketAttribute.localAddress) as InetAddress).port);
  const rawB = await accepted;
  const [a, b] = await Promise.all([
    AsyncTLSStreamTransport.wrap(rawA, fixtures.client, { serverHostname: 'localhost', standardCompatible: false }),
    AsyncTLSStreamTransport.wrap(rawB, fixtures.server, { standardCompatible: false }),
  ]);
  return { a, b, rawB: b.extra(SocketAttribute.socket) as net.Socket };
}

/** The peer writes until its writes fail, then everything is closed. */
async function writeUntilBroken(writer: AsyncStreamTransport): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await writer.sendAll(Buffer.alloc(64 * 1024)).then(() => false, () => true)) return;
  }
}

const sequences: Record<string, (pair: Awaited<ReturnType<typeof nativePair>>) => Promise<void>> = {
  // The stream contract's C4 test: a user resets the TCP socket, the peer writes on.
  'reset, peer writes': async ({ a, rawB }) => {
    rawB.resetAndDestroy();
    await writeUntilBroken(a);
  },
  // The TLS socket destroyed in the same tick as the reset.
  'reset, then acloseForcefully at once': async ({ b, rawB }) => {
    rawB.resetAndDestroy();
    await acloseForcefully(b);
  },
  // A write through TLS in the same tick as the reset.
  'reset, then sendAll at once': async ({ b, rawB }) => {
    rawB.resetAndDestroy();
    await b.sendAll(Buffer.alloc(100_000)).catch(() => undefined);
  },
};

async function main(): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    for (const sequence of Object.values(sequences)) {
      const pair = await nativePair();
      await sequence(pair);
      await Promise.all([acloseForcefully(pair.a), acloseForcefully(pair.b)]);
      gc();
    }
  }
  process.stdout.write(`ok ${rounds}\n`);
}

void main();
