/**
 * Idle memory on the promise floor (`bench/floor.ts`), against the same raw Node server as
 * `idle-memory`: per connection, one async function awaiting one `recv` promise, the least a
 * `serve(handler)` that awaits `recv` can hold, for rxnet's ratio to be read against.
 */
import { FloorStream } from '../floor';
import { check, type Scenario } from '../scenario';
import { connections, measure, netServer, rawServer, type Server } from './idle-memory';

/** One async function per connection, awaiting one `recv` promise that never resolves. */
function floorServer(count: number): Promise<Server> {
  return netServer(count, (socket) => {
    void (async () => {
      const chunk = await new FloorStream(socket).recv();
      check(chunk === undefined, 'the clients send nothing');
    })();
  });
}

export const idleMemoryFloor: Scenario = {
  name: 'Idle memory, promise floor (not rxnet)',
  unit: 'RSS bytes/conn',
  labels: { raw: 'raw Node', rxnet: 'promise floor' },
  nodeFlags: ['--expose-gc'],
  run: (side, quick) => measure(side === 'raw' ? rawServer : floorServer, connections(quick)),
};
