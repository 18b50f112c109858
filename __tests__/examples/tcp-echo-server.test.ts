/** examples/tcp-echo-server.ts: echoes each connection to EOF; stop() ends everything it served (L5). */
import { connectTcp } from '../../src';
import { startEchoServer } from '../../examples/tcp-echo-server';
import { readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';

checkResources();

it('echoes concurrent clients and frees its port on stop', async () => {
  const server = await startEchoServer({ host: '127.0.0.1' });
  own(server.listener);
  const clients = await Promise.all([1, 2, 3].map(() => connectTcp('127.0.0.1', server.address.port).then(own)));
  await Promise.all(clients.map((c, i) => c.sendAll(Buffer.from(`client ${i}`)).then(() => c.sendEof())));
  const replies = await Promise.all(clients.map((c) => readToEof(c)));
  expect(replies.map(String)).toEqual(['client 0', 'client 1', 'client 2']);
  server.stop();
  await expect(connectTcp('127.0.0.1', server.address.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});
