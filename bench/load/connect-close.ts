/**
 * The load generator of the accept-rate scenario, the same raw `node:net` code whichever server
 * it loads: `total` connections, at most `inFlight` at once, each connecting, sending FIN and
 * waiting for the server to close its side too.
 */
import * as net from 'node:net';

/** Resolves once every connection has closed cleanly (an error rejects). */
export async function connectClose(port: number, total: number, inFlight: number): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started++;
      await once(port);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
}

function once(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', reject);
    socket.on('connect', () => socket.end());
    // Closed without error only after both FINs: the server saw this connection and ended it.
    socket.on('close', (hadError) => (hadError ? reject(new Error('connection closed with an error')) : resolve()));
    socket.resume();
  });
}
