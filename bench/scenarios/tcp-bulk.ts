/** TCP bulk: one way, 64 KiB writes, 65 536-byte reads; MB/s from first write to last byte read. */
import * as net from 'node:net';
import { connectTcp, listenTcp, SocketAttribute, type InetAddress } from '../../src';
import { receiveAll, sendAllChunks, transferRate, writeWithDrain } from '../one-way';
import { atLeast, type Scenario } from '../scenario';

async function raw(total: number): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const received = new Promise<number>((resolve) =>
    server.once('connection', (socket) => {
      let got = 0;
      socket.on('data', (data: Buffer) => (got += data.length));
      socket.on('end', () => resolve(got));
    }),
  );
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const rate = await transferRate(
    total,
    async () => {
      await writeWithDrain(client, total);
      client.end();
    },
    received,
  );
  client.destroy();
  server.close();
  return rate;
}

async function rxnet(total: number): Promise<number> {
  const listener = await listenTcp({ host: '127.0.0.1' });
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const received = new Promise<number>((resolve, reject) => {
    listener
      .serve(async (t) => {
        resolve(await receiveAll(t, Infinity));
      })
      .subscribe({ error: reject });
  });
  const client = await connectTcp('127.0.0.1', port);
  const rate = await transferRate(
    total,
    async () => {
      await sendAllChunks(client, total);
      await client.sendEof();
    },
    received,
  );
  await client.aclose();
  await listener.aclose();
  return rate;
}

export const tcpBulk: Scenario = {
  name: 'TCP bulk (64 KiB sendAll, recv(65536))',
  unit: 'MB/s',
  target: atLeast(0.95),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)((quick ? 128 : 1024) * 1024 * 1024),
};
