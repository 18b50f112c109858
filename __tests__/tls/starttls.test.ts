/** startTls (T7): refuses when plaintext waits in the transport, sends nothing, leaves it open; otherwise go-ahead and wrap. */
import { createMemoryStreamPair, startTls, StartTlsPlaintextBufferedError, StreamAttribute, TLSAttribute } from '../../src';
import { readExactly } from '../support/bytes';
import { tcpKind } from '../support/pairs';
import { checkResources, own } from '../support/resources';
import { tlsFixtures } from '../support/tls-fixtures';

checkResources();
const fixtures = tlsFixtures();

describe('startTls', () => {
  it('T7: server side with plaintext waiting: rejects ERR_STARTTLS_PLAINTEXT_BUFFERED, sends nothing, leaves the transport open', async () => {
    const [client, server] = createMemoryStreamPair().map(own);
    await client.sendAll(Buffer.from('INJECTED\r\n'));
    const error = await startTls(server, fixtures.server, { goAhead: '220 go ahead\r\n' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartTlsPlaintextBufferedError);
    expect((error as StartTlsPlaintextBufferedError).code).toBe('ERR_STARTTLS_PLAINTEXT_BUFFERED');
    expect(server.isClosing()).toBe(false);
    expect(client.extra(StreamAttribute.bufferedBytes)).toBe(0); // no go-ahead was sent
    expect((await readExactly(server, 10)).toString()).toBe('INJECTED\r\n'); // still readable as plaintext
  });

  it('T7: client side with bytes after the go-ahead: refused the same way', async () => {
    const [client, server] = createMemoryStreamPair().map(own);
    await server.sendAll(Buffer.from('extra plaintext'));
    await expect(startTls(client, fixtures.client, { serverHostname: 'localhost' })).rejects.toBeInstanceOf(StartTlsPlaintextBufferedError);
    expect(client.isClosing()).toBe(false);
  });

  it('T7: with nothing waiting: the server sends goAhead, both sides handshake, and data flows over TLS', async () => {
    const [client, server] = createMemoryStreamPair().map(own);
    const upgradedServer = startTls(server, fixtures.server, { goAhead: '220 go ahead\r\n' });
    expect((await readExactly(client, 14)).toString()).toBe('220 go ahead\r\n');
    const tlsClient = own(await startTls(client, fixtures.client, { serverHostname: 'localhost' }));
    const tlsServer = own(await upgradedServer);
    expect(tlsServer.extra(TLSAttribute.serverSide)).toBe(true);
    await tlsClient.sendAll(Buffer.from('secret'));
    expect((await readExactly(tlsServer, 6)).toString()).toBe('secret');
  });

  it('T7 over TCP in both modes (non-standard runs TLS on the socket itself, T2): plaintext, then the upgrade, then data over TLS', async () => {
    for (const standardCompatible of [true, false]) {
      const { a: client, b: server } = await tcpKind.open();
      await client.sendAll(Buffer.from('STARTTLS\r\n'));
      expect((await readExactly(server, 10)).toString()).toBe('STARTTLS\r\n');
      const upgradedServer = startTls(server, fixtures.server, { goAhead: '220 go ahead\r\n', standardCompatible });
      expect((await readExactly(client, 14)).toString()).toBe('220 go ahead\r\n');
      const tlsClient = own(await startTls(client, fixtures.client, { serverHostname: 'localhost', standardCompatible }));
      const tlsServer = own(await upgradedServer);
      await tlsClient.sendAll(Buffer.from('secret'));
      expect((await readExactly(tlsServer, 6)).toString()).toBe('secret');
      await tlsServer.sendAll(Buffer.from('reply'));
      expect((await readExactly(tlsClient, 5)).toString()).toBe('reply');
      expect(tlsClient.extra(TLSAttribute.standardCompatible)).toBe(standardCompatible);
    }
  });

  it('C8: bad arguments reject before anything is sent; an unguardable transport is refused', async () => {
    const [client, server] = createMemoryStreamPair().map(own);
    await expect(startTls(server, fixtures.server, { goAhead: 42 as never })).rejects.toBeInstanceOf(TypeError);
    await expect(startTls(server, 'ctx' as never, { goAhead: 'x' })).rejects.toBeInstanceOf(TypeError);
    const opaque = { ...server, extra: () => undefined, extraAttributes: new Map() };
    await expect(startTls(opaque as never, fixtures.server)).rejects.toThrow(/cannot be guarded/);
    expect(client.extra(StreamAttribute.bufferedBytes)).toBe(0);
  });
});
