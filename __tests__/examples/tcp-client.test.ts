/** examples/tcp-client.ts: one request against the echo example, and Node's error on a refused port. */
import { request } from '../../examples/tcp-client';
import { startEchoServer } from '../../examples/tcp-echo-server';
import { checkResources, own } from '../support/resources';

checkResources();

it('sends a message and reads the whole reply', async () => {
  const server = await startEchoServer({ host: '127.0.0.1' });
  own(server.listener);
  expect(await request('127.0.0.1', server.address.port, 'x'.repeat(100_000))).toBe('x'.repeat(100_000));
  server.stop();
  await expect(request('127.0.0.1', server.address.port, 'again')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});
