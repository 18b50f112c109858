/**
 * Idle memory: 10 000 open TCP connections (1 000 quick), each held by a handler awaiting
 * `recv` under `serve(handler)`, or by a flowing `net.Socket` of a `net.Server`. The figure is
 * the growth of this process's RSS per connection, after a full GC at both ends; heap per
 * connection is printed beside it. The clients live in another process (`hold-connections`).
 *
 * RSS also holds V8's young generation, which grows with the allocation burst of accepting
 * and is not given back by a full GC: with `--max-semi-space-size=1` both sides measure about
 * a third less (Node 24: raw 2 619 -> 1 713 B, rxnet 5 258 -> 3 199 B). So the RSS growth
 * without the young generation's committed size is printed beside it: what the connections
 * retain, not how V8 sized its nursery while they arrived.
 */
import * as net from 'node:net';
import * as v8 from 'node:v8';
import { listenTcp, SocketAttribute, type InetAddress } from '../../src';
import { check, forkHelper, type Measurement, type Scenario } from '../scenario';

/** A server holding idle connections, as each side of an idle-memory scenario makes it. */
export interface Server {
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

/** Raw Node's side, also the baseline of the promise floor's (`idle-memory-floor`). */
export function rawServer(count: number): Promise<Server> {
  return netServer(count, (socket) => socket.on('data', () => check(false, 'the clients send nothing')));
}

/** A `net.Server` counting its connections and holding each with `hold`; close destroys them. */
export async function netServer(count: number, hold: (socket: net.Socket) => void): Promise<Server> {
  const sockets = new Set<net.Socket>();
  const accepted = counter(count);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    accepted.add();
    socket.on('error', () => undefined);
    hold(socket);
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

/** RSS, RSS without the young generation, and heap after a full collection (the process runs with --expose-gc). */
async function settled(): Promise<{ rss: number; rssOld: number; heap: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  check(gc !== undefined, 'run with --expose-gc');
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
  }
  const { rss, heapUsed } = process.memoryUsage();
  const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.physical_space_size ?? 0;
  return { rss, rssOld: rss - young, heap: heapUsed };
}

/** Connects `count` idle clients to the server `serve` makes and measures what it grew by, per connection. */
export async function measure(serve: (count: number) => Promise<Server>, count: number): Promise<Measurement> {
  const before = await settled();
  const server = await serve(count);
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
  return {
    value: (after.rss - before.rss) / count,
    extra: {
      'RSS bytes/connection without the young generation': (after.rssOld - before.rssOld) / count,
      'heap bytes/connection': (after.heap - before.heap) / count,
    },
  };
}

/** Connections of one run. */
export const connections = (quick: boolean): number => (quick ? 1_000 : 10_000);

export const idleMemory: Scenario = {
  name: 'Idle memory (connections held by serve(handler))',
  unit: 'RSS bytes/conn',
  target: { kind: 'ratio-at-most', value: 1.8 },
  nodeFlags: ['--expose-gc'],
  run: (side, quick) => measure(side === 'raw' ? rawServer : rxnetServer, connections(quick)),
};
