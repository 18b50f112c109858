/**
 * Helper process of the slow-reader scenario: listens on loopback, reports its port over IPC,
 * and writes `total` bytes (byte i is i % 251) to the first connection as fast as the
 * connection takes them (`write` with `drain`), until done or the reader goes away.
 */
import * as net from 'node:net';

const CHUNK = 64 * 1024;

const total = Number(process.argv[2]);
const server = net.createServer((socket) => {
  server.close();
  socket.on('error', () => socket.destroy());
  socket.on('close', () => process.disconnect());
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !socket.destroyed) {
      const size = Math.min(CHUNK, total - sent);
      const chunk = Buffer.allocUnsafe(size);
      for (let i = 0; i < size; i++) chunk[i] = (sent + i) % 251;
      sent += size;
      if (!socket.write(chunk)) return void socket.once('drain', pump);
    }
    if (sent === total) socket.end();
  };
  pump();
});
server.listen(0, '127.0.0.1', () => process.send?.((server.address() as net.AddressInfo).port));
