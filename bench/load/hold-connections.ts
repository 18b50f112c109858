/**
 * Helper process of the idle-memory scenario and the fault suite's flood: opens `count` TCP
 * connections to `port` (at most 200 connecting at once), writes `bytes` bytes on each (none by
 * default), reports 'ready' over IPC, and holds them until told 'close'. It is a separate process
 * so that the measured server's memory holds only the server's sockets.
 */
import * as net from 'node:net';

async function main(): Promise<void> {
  const [port, count, bytes = 0] = process.argv.slice(2).map(Number);
  const payload = Buffer.alloc(bytes, 0x5a);
  const sockets: net.Socket[] = [];
  let next = 0;
  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        if (bytes > 0) socket.write(payload);
        resolve();
      });
      socket.on('error', reject);
      sockets.push(socket);
    });
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await open();
    }
  };
  await Promise.all(Array.from({ length: 200 }, worker));
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
