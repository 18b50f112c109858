/** UDP ping-pong: a 64-byte datagram echoed back, one at a time; round trips per second. */
import * as dgram from 'node:dgram';
import { connectUdp, listenUdp, SocketAttribute, type InetAddress } from '../../src';
import { atLeast, check, type Scenario } from '../scenario';

/** Raw Node's ping-pong, also the baseline of the promise floor's (`udp-pingpong-floor`). */
export async function raw(rounds: number): Promise<number> {
  const server = dgram.createSocket('udp4');
  server.on('message', (data, from) => server.send(data, from.port, from.address));
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  const client = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => client.connect(server.address().port, '127.0.0.1', resolve));
  const message = Buffer.alloc(64, 3);
  const start = process.hrtime.bigint();
  let echoed = 0;
  await new Promise<void>((resolve) => {
    client.on('message', (data: Buffer) => {
      check(data.length === 64, 'echo size');
      if (++echoed === rounds) resolve();
      else client.send(message);
    });
    client.send(message);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  client.close();
  server.close();
  return rounds / seconds;
}

async function rxnet(rounds: number): Promise<number> {
  const listener = await listenUdp({ host: '127.0.0.1' });
  const subscription = listener.serve((data, from) => listener.sendTo(data, from)).subscribe();
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const client = await connectUdp('127.0.0.1', port);
  const message = Buffer.alloc(64, 3);
  const start = process.hrtime.bigint();
  let echoed = 0;
  for (let i = 0; i < rounds; i++) {
    await client.send(message);
    check((await client.recv()).length === 64, 'echo size');
    echoed++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(echoed === rounds, 'every round trip');
  await client.aclose();
  subscription.unsubscribe();
  return rounds / seconds;
}

/** Round trips of one run. */
export const rounds = (quick: boolean): number => (quick ? 10_000 : 100_000);

export const udpPingPong: Scenario = {
  name: 'UDP ping-pong (64 B datagrams)',
  unit: 'round trips/s',
  target: atLeast(0.9),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)(rounds(quick)),
};
