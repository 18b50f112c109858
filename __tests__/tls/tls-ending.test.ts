/**
 * TLSEnding tells a close_notify from a truncation (T4) by watching the TLS socket's own
 * `push(null)`, a Node internal no public API replaces. These tests run Node's TLS alone (no
 * rxnet transport above it), so a Node release that changes the behaviour fails here, by name.
 */
import { once } from 'node:events';
import * as tls from 'node:tls';
import { createMemoryStreamPair, type MemoryStreamTransport } from '../../src';
import { TLSEnding } from '../../src/tls/tls-ending';
import { TransportDuplex } from '../../src/tls/transport-duplex';
import { tlsFixtures } from '../support/tls-fixtures';

const fixtures = tlsFixtures();

/** A handshaken Node TLS pair over a memory pair, the server side watched by a TLSEnding. */
async function watchedPair(): Promise<{ client: tls.TLSSocket; server: tls.TLSSocket; clientInner: MemoryStreamTransport; ending: TLSEnding }> {
  const [clientInner, serverInner] = createMemoryStreamPair();
  const ending = new TLSEnding();
  const server = new tls.TLSSocket(new TransportDuplex(serverInner, () => ending.markInnerEof()), {
    isServer: true,
    secureContext: tls.createSecureContext(fixtures.server),
  });
  ending.watchPushedEof(server);
  const client = tls.connect({ socket: new TransportDuplex(clientInner, () => undefined), ca: fixtures.certs.ca, servername: 'localhost' });
  await Promise.all([once(server, 'secure'), once(client, 'secureConnect')]);
  server.resume();
  return { client, server, clientInner, ending };
}

describe("Node's TLSSocket ends its readable side with its own push(null), which TLSEnding watches", () => {
  test('T4: a close_notify is seen before the inner EOF: not a truncation', async () => {
    const { client, server, ending } = await watchedPair();
    client.end('last words'); // close_notify, the inner transport still open
    await once(server, 'end');
    expect(ending.tlsEnded).toBe(true); // push(null) was called, before 'end'
    expect(ending.truncated).toBe(false);
    client.destroy();
    server.destroy();
  });

  test('T4: an inner EOF with no close_notify before it is a truncation, and TLS still ends', async () => {
    const { client, server, clientInner, ending } = await watchedPair();
    client.write('cut here');
    await clientInner.sendEof(); // a bare FIN: the attacker's cut
    await once(server, 'end');
    expect(ending.truncated).toBe(true);
    expect(ending.tlsEnded).toBe(true);
    client.destroy();
    server.destroy();
  });

  test('tlsEnd$ emits once TLS has ended, at once for a late subscriber', async () => {
    const { client, server, ending } = await watchedPair();
    const early = new Promise<void>((resolve) => ending.tlsEnd$.subscribe({ complete: resolve }));
    client.end();
    await early;
    const late = await new Promise<number>((resolve) => {
      let values = 0;
      ending.tlsEnd$.subscribe({ next: () => values++, complete: () => resolve(values) });
    });
    expect(late).toBe(1);
    client.destroy();
    server.destroy();
  });
});
