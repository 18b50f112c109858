/**
 * UDP ping-pong on the promise floor (`bench/floor.ts`), against the same raw Node run as
 * `udp-pingpong`: a server replying with one promise per datagram, a client awaiting `send`
 * then `recv` per round, as rxnet's side does.
 */
import * as dgram from 'node:dgram';
import { FloorDatagrams } from '../floor';
import { check, type Scenario } from '../scenario';
import { raw, rounds } from './udp-pingpong';

async function floor(total: number): Promise<number> {
  const serverSocket = dgram.createSocket('udp4');
  const server = new FloorDatagrams(serverSocket);
  serverSocket.on('message', (data, from) => void server.send(data, from.port, from.address));
  await new Promise<void>((resolve) => serverSocket.bind(0, '127.0.0.1', resolve));
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.connect(serverSocket.address().port, '127.0.0.1', resolve));
  const client = new FloorDatagrams(socket);
  const message = Buffer.alloc(64, 3);
  const start = process.hrtime.bigint();
  let echoed = 0;
  for (let i = 0; i < total; i++) {
    await client.send(message);
    check((await client.recv()).length === 64, 'echo size');
    echoed++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(echoed === total, 'every round trip');
  socket.close();
  serverSocket.close();
  return total / seconds;
}

export const udpPingPongFloor: Scenario = {
  name: 'UDP ping-pong, promise floor (not rxnet)',
  unit: 'round trips/s',
  labels: { raw: 'raw Node', rxnet: 'promise floor' },
  run: (side, quick) => (side === 'raw' ? raw : floor)(rounds(quick)),
};
