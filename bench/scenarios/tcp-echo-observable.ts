/**
 * TCP echo, the Observable way: the same 50 raw clients and raw baseline as `tcp-echo`, against
 * the idiom the README teaches for a reactive server, a handler that returns
 * `chunks(t).pipe(sendAllTo(t))`: reads are `recv$`, no promise per chunk received. (The
 * handler's completion is what closes the transport, which the clients wait for.)
 */
import { chunks, listenTcp, sendAllTo, SocketAttribute, type InetAddress } from '../../src';
import { echoClients } from '../load/echo-clients';
import { atLeast, type Scenario } from '../scenario';
import { CLIENTS, raw } from './tcp-echo';

async function rxnet(seconds: number): Promise<number> {
  const listener = await listenTcp({ host: '127.0.0.1' });
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const subscription = listener.serve((t) => chunks(t).pipe(sendAllTo(t))).subscribe();
  const requests = await echoClients(port, CLIENTS, seconds);
  subscription.unsubscribe();
  return requests / seconds;
}

export const tcpEchoObservable: Scenario = {
  name: `TCP echo (${CLIENTS} clients, 1 KiB, serve((t) => chunks(t).pipe(sendAllTo(t))))`,
  unit: 'requests/s',
  target: atLeast(0.95),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)(quick ? 1 : 10),
};
