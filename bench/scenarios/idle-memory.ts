/**
 * Idle memory: 10 000 open TCP connections (1 000 quick), each held by a handler awaiting
 * `recv` under `serve(handler)`, or by a flowing `net.Socket` of a `net.Server`. The figure is
 * the growth of this process's RSS per connection, after a full GC at both ends; heap per
 * connection is printed beside it. The clients live in another process (`hold-connections`).
 */
import * as net from 'node:net';
import { listenTcp, SocketAttribute, type InetAddress } from '../../src';
import { check, forkHelper, type Measurement, type Scenario } from '../scenario';

interface Server {
  readonly port: number;
  /** Resolves once `count` connections have been accepted (and, for rxnet, handed to a handler). */
  readonly allAccepted: Promise<void>;
  accepted: () => number;
  close: () => Promise<void>;
}

/** A counter whose promise resolves when it reaches `count`. */
function counter(count: number): { add: () => void; value: () => number; reached: Promise<void> } {
  let value = 0;
  let resolve: () => void = () => undefined;
  const reached = new Promise<void>((done) => (resolve = done));
  return {
    add: () => {
      if (++value === count) resolve();
    },
    value: () => value,
    reached,
  };
}

async function rawServer(count: number): Promise<Server> {
  const sockets = new Set<net.Socket>();
  const accepted = counter(count);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    accepted.add();
    socket.on('data', () => check(false, 'the clients send nothing'));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 511 }, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    allAccepted: accepted.reached,
    accepted: accepted.value,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function rxnetServer(count: number): Promise<Server> {
  const listener = await listenTcp({ host: '127.0.0.1', backlog: 511 });
  const accepted = counter(count);
  const subscription = listener
    .serve(async (t) => {
      accepted.add();
      await t.recv(65536);
    })
    .subscribe();
  return {
    port: (listener.extra(SocketAttribute.localAddress) as InetAddress).port,
    allAccepted: accepted.reached,
    accepted: accepted.value,
    close: async () => subscription.unsubscribe(),
  };
}

/** RSS and heap after a full collection (the process runs with --expose-gc). */
async function settled(): Promise<{ rss: number; heap: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  check(gc !== undefined, 'run with --expose-gc');
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed };
}

async function measure(side: 'raw' | 'rxnet', count: number): Promise<Measurement> {
  const before = await settled();
  const server = await (side === 'raw' ? rawServer(count) : rxnetServer(count));
  const clients = forkHelper('hold-connections', [String(server.port), String(count)]);
  const exited = new Promise((resolve) => clients.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    clients.once('message', () => resolve());
    clients.once('exit', (code) => reject(new Error(`the client process exited (${code}) before connecting`)));
  });
  // The clients are connected; wait until this side has accepted every one of them.
  await server.allAccepted;
  const after = await settled();
  check(server.accepted() === count, `accepted ${server.accepted()} of ${count}`);
  clients.send('close');
  await exited;
  await server.close();
  return { value: (after.rss - before.rss) / count, extra: { 'heap bytes/connection': (after.heap - before.heap) / count } };
}

export const idleMemory: Scenario = {
  name: 'Idle memory (connections held by serve(handler))',
  unit: 'RSS bytes/conn',
  target: { kind: 'ratio-at-most', value: 2.0 },
  nodeFlags: ['--expose-gc'],
  run: (side, quick) => measure(side, quick ? 1_000 : 10_000),
};
