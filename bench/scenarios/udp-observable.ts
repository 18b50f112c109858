/**
 * UDP echo, the Observable way: a 64-byte datagram echoed back, one at a time, by
 * `serve().pipe(sendTo(listener))` (no promise per datagram in the server's flow). The client
 * is the raw `dgram` client of the baseline on both sides, so only the server differs.
 */
import * as dgram from 'node:dgram';
import { listenUdp, sendTo, SocketAttribute, type InetAddress } from '../../src';
import { atLeast, check, type Scenario } from '../scenario';

async function pingPong(port: number, rounds: number): Promise<number> {
  const client = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => client.connect(port, '127.0.0.1', resolve));
  const message = Buffer.alloc(64, 3);
  const start = process.hrtime.bigint();
  let echoed = 0;
  await new Promise<void>((resolve) => {
    client.on('message', (data: Buffer) => {
      check(data.length === 64 && data[0] === 3, 'echo content');
      if (++echoed === rounds) resolve();
      else client.send(message);
    });
    client.send(message);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  client.close();
  return rounds / seconds;
}

async function raw(rounds: number): Promise<number> {
  const server = dgram.createSocket('udp4');
  server.on('message', (data, from) => server.send(data, from.port, from.address));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  const rate = await pingPong(server.address().port, rounds);
  server.close();
  return rate;
}

async function rxnet(rounds: number): Promise<number> {
  const listener = await listenUdp({ host: '127.0.0.1' });
  const subscription = listener.serve().pipe(sendTo(listener)).subscribe();
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const rate = await pingPong(port, rounds);
  subscription.unsubscribe();
  return rate;
}

export const udpObservable: Scenario = {
  name: 'UDP echo (64 B, serve() + sendTo)',
  unit: 'round trips/s',
  target: atLeast(0.95),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)(quick ? 10_000 : 100_000),
};
