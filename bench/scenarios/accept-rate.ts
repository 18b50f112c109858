/**
 * Accept rate: 10 000 connect + close (1 000 quick), at most 50 in flight, through
 * `serve(handler)` or a `net.Server`; connections/s. Each server answers the client's FIN with
 * its own and counts the connections it saw; the clients are the same raw code for both.
 */
import * as net from 'node:net';
import { listenTcp, SocketAttribute, type InetAddress } from '../../src';
import { connectClose } from '../load/connect-close';
import { atLeast, check, type Scenario } from '../scenario';

/** Connections open at once. */
const IN_FLIGHT = 50;

/** Connections per run. */
export const connectionCount = (quick: boolean): number => (quick ? 1_000 : 10_000);

/** A `net.Server` that counts what it accepts and answers each FIN with its own; connections/s. */
async function raw(total: number): Promise<number> {
  let accepted = 0;
  // allowHalfOpen false (the default): the client's FIN ends and closes the server's side.
  // TCP_NODELAY as rxnet's listeners set it by default, so both make the same system calls.
  const server = net.createServer({ noDelay: true }, (socket) => {
    accepted++;
    socket.resume();
  });
  return acceptRateOf(server, total, () => accepted);
}

/**
 * Listens with `server`, times `total` connect + close through it, checks that it saw every
 * one (`accepted()`), closes it and returns connections/s.
 */
export async function acceptRateOf(server: net.Server, total: number, accepted: () => number): Promise<number> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 511 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  const start = process.hrtime.bigint();
  await connectClose(port, total, IN_FLIGHT);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(accepted() === total, `accepted ${accepted()} of ${total}`);
  await new Promise((resolve) => server.close(resolve));
  return total / seconds;
}

async function rxnet(total: number): Promise<number> {
  const listener = await listenTcp({ host: '127.0.0.1', backlog: 511 });
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  let accepted = 0;
  // The handler reads the client's EOF; serve(handler) then closes the transport gracefully.
  const subscription = listener
    .serve(async (t) => {
      accepted++;
      check((await t.recv(1)).length === 0, 'the client sends nothing');
    })
    .subscribe();
  const start = process.hrtime.bigint();
  await connectClose(port, total, IN_FLIGHT);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(accepted === total, `accepted ${accepted} of ${total}`);
  subscription.unsubscribe();
  return total / seconds;
}

export const acceptRate: Scenario = {
  name: 'Accept rate (connect + close, serve(handler))',
  unit: 'connections/s',
  target: atLeast(0.9),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)(connectionCount(quick)),
};
