/** TCP ping-pong: a 64-byte message echoed back, one at a time; round trips per second. */
import * as net from 'node:net';
import { connectTcp } from '../../src';
import { rxnetEchoServer } from '../echo-server';
import { atLeast, check, type Scenario } from '../scenario';

/** Bytes per message. */
export const SIZE = 64;

/** Raw Node's ping-pong, also the baseline of the promise floor's (`tcp-pingpong-floor`). */
export async function raw(rounds: number): Promise<number> {
  const server = net.createServer({ noDelay: true }, (socket) => socket.on('data', (data) => socket.write(data)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const message = Buffer.alloc(SIZE, 7);
  const start = process.hrtime.bigint();
  let echoed = 0;
  await new Promise<void>((resolve) => {
    let pending = 0;
    client.on('data', (data: Buffer) => {
      pending += data.length;
      echoed += data.length;
      if (pending < SIZE) return;
      pending -= SIZE;
      if (echoed === rounds * SIZE) resolve();
      else client.write(message);
    });
    client.write(message);
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(echoed === rounds * SIZE, `echoed ${echoed} bytes`);
  client.destroy();
  server.close();
  return rounds / seconds;
}

async function rxnet(rounds: number): Promise<number> {
  const { port, subscription } = await rxnetEchoServer();
  const client = await connectTcp('127.0.0.1', port);
  const message = Buffer.alloc(SIZE, 7);
  const start = process.hrtime.bigint();
  let echoed = 0;
  for (let i = 0; i < rounds; i++) {
    await client.sendAll(message);
    for (let got = 0; got < SIZE; ) {
      const chunk = await client.recv(SIZE - got);
      check(chunk.length > 0 && chunk[0] === 7, 'echo content');
      got += chunk.length;
      echoed += chunk.length;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(echoed === rounds * SIZE, `echoed ${echoed} bytes`);
  await client.aclose({ signal: AbortSignal.abort() }).catch(() => undefined);
  subscription.unsubscribe();
  return rounds / seconds;
}

/** Round trips of one run. */
export const rounds = (quick: boolean): number => (quick ? 10_000 : 100_000);

export const tcpPingPong: Scenario = {
  name: 'TCP ping-pong (64 B, sendAll + recv)',
  unit: 'round trips/s',
  target: atLeast(0.9),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)(rounds(quick)),
};
