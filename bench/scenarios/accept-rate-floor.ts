/**
 * Accept rate on the promise floor, against the same raw Node run as `accept-rate`: per
 * connection, one async function awaiting one promise that the client's EOF resolves, then
 * ending the socket, the least a `serve(handler)` that awaits `recv` can cost, for rxnet's
 * ratio to be read against. `allowHalfOpen`, as rxnet's listeners: the handler closes.
 */
import * as net from 'node:net';
import type { Scenario } from '../scenario';
import { acceptRate, acceptRateOf, connectionCount } from './accept-rate';

async function floor(count: number): Promise<number> {
  let accepted = 0;
  const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    accepted++;
    void (async () => {
      await new Promise((resolve) => socket.once('end', resolve));
      socket.end();
    })();
    socket.resume();
  });
  return acceptRateOf(server, count, () => accepted);
}

export const acceptRateFloor: Scenario = {
  name: 'Accept rate, promise floor (not rxnet)',
  unit: 'connections/s',
  labels: { raw: 'raw Node', rxnet: 'promise floor' },
  run: (side, quick) => (side === 'raw' ? acceptRate.run(side, quick) : floor(connectionCount(quick))),
};
