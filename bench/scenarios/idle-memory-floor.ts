/**
 * Idle memory on the promise floor (`bench/floor.ts`), against the same raw Node server as
 * `idle-memory`: per connection, one async function awaiting one `recv` promise, the least a
 * `serve(handler)` that awaits `recv` can hold, for rxnet's ratio to be read against.
 */
import * as net from 'node:net';
import { FloorStream } from '../floor';
import { check, type Scenario } from '../scenario';
import { connections, counter, measure, rawServer, type Server } from './idle-memory';

async function floorServer(count: number): Promise<Server> {
  const sockets = new Set<net.Socket>();
  const accepted = counter(count);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    void (async () => {
      accepted.add();
      const chunk = await new FloorStream(socket).recv();
      check(chunk === undefined, 'the clients send nothing');
    })();
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

export const idleMemoryFloor: Scenario = {
  name: 'Idle memory, promise floor (not rxnet)',
  unit: 'RSS bytes/conn',
  labels: { raw: 'raw Node', rxnet: 'promise floor' },
  nodeFlags: ['--expose-gc'],
  run: (side, quick) => measure(side === 'raw' ? rawServer : floorServer, connections(quick)),
};
