/**
 * Helper process of the flood scenario: opens `count` connections to `port` (at most 100
 * connecting at once), writes `bytes` to each without waiting for anything back, reports
 * 'ready' over IPC once every write is in the kernel or queued, and holds them until told to
 * close. A separate process, so the measured server's memory holds only the server's side.
 */
import * as net from 'node:net';

async function main(): Promise<void> {
  const [port, count, bytes] = process.argv.slice(2).map(Number);
  const payload = Buffer.alloc(bytes, 0x5a);
  const sockets: net.Socket[] = [];
  let next = 0;
  const open = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(payload);
        resolve();
      });
      socket.on('error', () => resolve());
      sockets.push(socket);
    });
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < count) {
        next++;
        await open();
      }
    }),
  );
  process.send?.('ready');
  process.once('message', () => {
    for (const socket of sockets) socket.destroy();
    process.disconnect();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
