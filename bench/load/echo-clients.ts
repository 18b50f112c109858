/**
 * The load generator of the echo scenario, the same raw `node:net` code whichever server it
 * loads: `clients` connections, each sending a 1 KiB request and waiting for its echo before
 * the next, until `seconds` have passed. Every echo is compared with its request.
 */
import * as net from 'node:net';
import { check } from '../scenario';

const SIZE = 1024;

/** Resolves with the number of requests echoed, once every client has finished. */
export async function echoClients(port: number, clients: number, seconds: number): Promise<number> {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const counts = await Promise.all(Array.from({ length: clients }, (_, id) => client(port, id, deadline)));
  return counts.reduce((a, b) => a + b, 0);
}

function client(port: number, id: number, deadline: bigint): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    const request = Buffer.alloc(SIZE, id & 0xff);
    const echo = Buffer.alloc(SIZE);
    let got = 0;
    let done = 0;
    const send = (): void => {
      // A per-request stamp, so an echo of an old request cannot pass for the new one.
      request.writeUInt32BE(done, 0);
      socket.write(request);
    };
    socket.on('connect', send);
    socket.on('error', reject);
    socket.on('data', (data: Buffer) => {
      data.copy(echo, got);
      got += data.length;
      check(got <= SIZE, `client ${id}: more than one echo at once`);
      if (got < SIZE) return;
      check(echo.equals(request), `client ${id}: echo ${done} differs from its request`);
      got = 0;
      done++;
      if (process.hrtime.bigint() < deadline) return send();
      socket.end();
      socket.once('close', () => resolve(done));
    });
  });
}
