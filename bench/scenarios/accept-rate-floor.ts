/**
 * Accept rate on the promise floor, against the same raw Node run as `accept-rate`: per
 * connection, one async function awaiting one promise that the client's EOF resolves, then
 * ending the socket, the least a `serve(handler)` that awaits `recv` can cost, for rxnet's
 * ratio to be read against. `allowHalfOpen`, as rxnet's listeners: the handler closes.
 */
import * as net from 'node:net';
import { connectClose } from '../load/connect-close';
import { check, type Scenario } from '../scenario';
import { connectionCount, IN_FLIGHT, raw } from './accept-rate';

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
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 511 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  const start = process.hrtime.bigint();
  await connectClose(port, count, IN_FLIGHT);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(accepted === count, `accepted ${accepted} of ${count}`);
  await new Promise((resolve) => server.close(resolve));
  return count / seconds;
}

export const acceptRateFloor: Scenario = {
  name: 'Accept rate, promise floor (not rxnet)',
  unit: 'connections/s',
  labels: { raw: 'raw Node', rxnet: 'promise floor' },
  run: (side, quick) => (side === 'raw' ? raw : floor)(connectionCount(quick)),
};
