/** examples/starttls.ts: both sides upgrade through startTls; an injected line after STARTTLS is refused. */
import { connectTcp, listenTcp, SocketAttribute, type InetAddress } from '../../src';
import { readLine, serveStartTls, startTlsClient } from '../../examples/starttls';
import { checkResources, own } from '../support/resources';
import { tlsFixtures } from '../support/tls-fixtures';

checkResources();
const fixtures = tlsFixtures();

async function server() {
  const listener = own(await listenTcp({ host: '127.0.0.1' }));
  const stop = serveStartTls(listener, fixtures.server);
  return { port: (listener.extra(SocketAttribute.localAddress) as InetAddress).port, stop };
}

it('upgrades on STARTTLS on both sides and keeps talking over TLS', async () => {
  const { port, stop } = await server();
  expect(await startTlsClient(port, fixtures.client)).toEqual(['200 ready', '250 HELLO (plain)', '220 go ahead', '250 HELLO (tls)', '221 bye']);
  stop();
});

it('T7: a line injected right after STARTTLS is refused in plaintext, never read as TLS', async () => {
  const { port, stop } = await server();
  const client = own(await connectTcp('127.0.0.1', port));
  expect(await readLine(client)).toBe('200 ready');
  await client.sendAll(Buffer.from('STARTTLS\r\nRCPT TO:<victim>\r\n'));
  expect(await readLine(client)).toBe('454 plaintext after STARTTLS refused');
  stop();
});
