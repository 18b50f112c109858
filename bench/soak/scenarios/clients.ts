/**
 * Raw `node:net`/`node:tls` clients of the fault suite: what real peers, polite or not, do.
 * Every function resolves once its socket has closed, however it closed.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';

/** Where a client connects: a TCP port on 127.0.0.1 or a Unix path. */
export type Target = { readonly port: number } | { readonly path: string };

function connect(target: Target): net.Socket {
  return 'port' in target ? net.connect(target.port, '127.0.0.1') : net.connect(target.path);
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) return resolve();
    socket.once('close', () => resolve());
  });
}

/** Sends `message`, waits for it echoed back whole, checks it, closes. */
export async function echoOnce(target: Target, message: Buffer, secure?: { ca: string }): Promise<void> {
  const socket = secure === undefined ? connect(target) : tls.connect({ port: (target as { port: number }).port, host: '127.0.0.1', ca: secure.ca, servername: 'localhost' });
  const done = closed(socket);
  await new Promise<void>((resolve, reject) => {
    const got: Buffer[] = [];
    let size = 0;
    socket.on('error', reject);
    socket.once(secure === undefined ? 'connect' : 'secureConnect', () => socket.write(message));
    socket.on('data', (chunk: Buffer) => {
      got.push(chunk);
      size += chunk.length;
      if (size < message.length) return;
      if (!Buffer.concat(got).equals(message)) return reject(new Error('the echo differs from the message'));
      socket.end();
      resolve();
    });
  });
  await done;
}

/** Connects, optionally writes `before`, then resets the connection (RST). */
export async function resetAfter(target: Target, before?: Buffer): Promise<void> {
  const socket = connect(target);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  if (before !== undefined) await new Promise<void>((resolve) => socket.write(before, () => resolve()));
  socket.resetAndDestroy();
  await closed(socket);
}

/** Connects, writes `data` (may be nothing), ends, and waits until the server closes the connection. */
export async function sendAndEnd(target: Target, data: Buffer): Promise<void> {
  const socket = connect(target);
  socket.on('error', () => undefined);
  socket.resume();
  socket.once('connect', () => socket.end(data));
  await closed(socket);
}

/**
 * Connects and stays silent, or writes one byte of `trickle` every `intervalMs`; resolves
 * `true` when the server closed the connection (it never closes it itself).
 */
export async function slowClient(target: Target, trickle: Buffer | undefined, intervalMs: number): Promise<void> {
  const socket = connect(target);
  socket.on('error', () => undefined);
  socket.resume();
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.once('connect', () => {
    if (trickle === undefined) return;
    timer = setInterval(() => {
      if (sent < trickle.length && !socket.destroyed) socket.write(trickle.subarray(sent, ++sent));
    }, intervalMs);
  });
  await closed(socket);
  clearInterval(timer);
}

/** The first bytes a real TLS client sends (its ClientHello record), captured from Node's TLS. */
export function clientHello(): Promise<Buffer> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => {
      socket.once('data', (hello: Buffer) => {
        socket.destroy();
        server.close();
        resolve(hello);
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const client = tls.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', servername: 'localhost' });
      client.on('error', () => undefined);
    });
  });
}
