/**
 * TCP ping-pong on the promise floor (`bench/floor.ts`), against the same raw Node run as
 * `tcp-pingpong`: what any promise API pays per message, for rxnet's ratio to be read against.
 * The same shape as rxnet's side: a server awaiting `recv` then `sendAll` per connection, a
 * client awaiting `sendAll` then `recv` per round.
 */
import * as net from 'node:net';
import { FloorStream } from '../floor';
import { check, type Scenario } from '../scenario';
import { raw, rounds, SIZE } from './tcp-pingpong';

async function floor(total: number): Promise<number> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    const transport = new FloorStream(socket);
    void (async () => {
      for (;;) await transport.sendAll(await transport.recv());
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const client = new FloorStream(socket);
  const message = Buffer.alloc(SIZE, 7);
  const start = process.hrtime.bigint();
  let echoed = 0;
  for (let i = 0; i < total; i++) {
    await client.sendAll(message);
    for (let got = 0; got < SIZE; ) {
      const chunk = await client.recv();
      check(chunk.length > 0 && chunk[0] === 7, 'echo content');
      got += chunk.length;
      echoed += chunk.length;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(echoed === total * SIZE, `echoed ${echoed} bytes`);
  socket.destroy();
  server.close();
  return total / seconds;
}

export const tcpPingPongFloor: Scenario = {
  name: 'TCP ping-pong, promise floor (not rxnet)',
  unit: 'round trips/s',
  labels: { raw: 'raw Node', rxnet: 'promise floor' },
  run: (side, quick) => (side === 'raw' ? raw : floor)(rounds(quick)),
};
