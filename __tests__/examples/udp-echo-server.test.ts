/** examples/udp-echo-server.ts: echoes each datagram back to its sender; stop() frees the port. */
import { connectUdp, listenUdp } from '../../src';
import { startUdpEchoServer } from '../../examples/udp-echo-server';
import { checkResources, own } from '../support/resources';

checkResources();

it('echoes datagrams from several peers, each in its own order', async () => {
  const server = await startUdpEchoServer({ host: '127.0.0.1' });
  own(server.listener);
  const peers = await Promise.all([0, 1].map(() => connectUdp('127.0.0.1', server.address.port).then(own)));
  for (const [i, peer] of peers.entries()) {
    for (let n = 0; n < 5; n++) await peer.send(Buffer.from(`${i}:${n}`));
  }
  for (const [i, peer] of peers.entries()) {
    for (let n = 0; n < 5; n++) expect((await peer.recv()).toString()).toBe(`${i}:${n}`);
  }
  server.stop();
  own(await listenUdp({ host: '127.0.0.1', port: server.address.port }));
});
