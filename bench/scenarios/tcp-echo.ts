/**
 * TCP echo: 50 concurrent clients, 1 KiB request/response, for 10 s (1 s quick); requests/s.
 * The server under test is `serve(handler)` or a `net.Server`; the clients are the same raw
 * load generator for both, in the same process.
 */
import * as net from 'node:net';
import { rxnetEchoServer } from '../echo-server';
import { echoClients } from '../load/echo-clients';
import { atLeast, type Scenario } from '../scenario';

export const CLIENTS = 50;

/** The raw side: a `net.Server` echoing each `data` event. Shared with `tcp-echo-observable`. */
export async function raw(seconds: number): Promise<number> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('data', (data) => socket.write(data));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const requests = await echoClients(port, CLIENTS, seconds);
  await new Promise((resolve) => server.close(resolve));
  return requests / seconds;
}

async function rxnet(seconds: number): Promise<number> {
  const { port, subscription } = await rxnetEchoServer();
  const requests = await echoClients(port, CLIENTS, seconds);
  subscription.unsubscribe();
  return requests / seconds;
}

export const tcpEcho: Scenario = {
  name: `TCP echo (${CLIENTS} clients, 1 KiB, serve(handler))`,
  unit: 'requests/s',
  target: atLeast(0.9),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)(quick ? 1 : 10),
};
