/**
 * AsyncTLSListener over real sockets (T6): only handshaken transports are served, handshakes run
 * concurrently, failures go to handshakeErrorHandler and never end serve, unsubscribe closes all.
 */
import * as net from 'node:net';
import { TimeoutError } from 'rxjs';
import {
  AsyncTLSListener,
  connectTcp,
  IdleTimeoutError,
  ListenerAttribute,
  connectTls,
  listenTcp,
  listenTls,
  SocketAttribute,
  TLSAttribute,
  type AsyncTLSStreamTransport,
  type InetAddress,
} from '../../src';
import { readExactly, readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';
import { tlsFixtures } from '../support/tls-fixtures';
import { waitFor } from '../support/wait';

checkResources();
const fixtures = tlsFixtures();

function portOf(listener: { extra(attr: typeof SocketAttribute.localAddress): unknown }): number {
  return (listener.extra(SocketAttribute.localAddress) as InetAddress).port;
}

/** An echo server over TLS that records handshake errors and handler calls. */
async function echoServer(options: { handshakeTimeout?: number; context?: object } = {}) {
  const errors: unknown[] = [];
  let handled = 0;
  const listener = own(
    await listenTls({
      host: '127.0.0.1',
      context: options.context ?? fixtures.server,
      handshakeTimeout: options.handshakeTimeout,
      handshakeErrorHandler: (error) => errors.push(error),
    }),
  );
  const subscription = listener
    .serve(async (t) => {
      handled++;
      for (let chunk = await t.recv(65536); chunk.length > 0; chunk = await t.recv(65536)) await t.sendAll(chunk);
    })
    .subscribe();
  return { listener, port: portOf(listener), errors, handled: () => handled, stop: () => subscription.unsubscribe() };
}

describe('AsyncTLSListener', () => {
  it('P3: idleTimeout applies to each handshaken transport: an idle client is cut with IdleTimeoutError', async () => {
    const listener = own(await listenTls({ host: '127.0.0.1', context: fixtures.server, idleTimeout: 100 }));
    const failures: unknown[] = [];
    listener.serve((t) => t.recv(10).catch((error: unknown) => void failures.push(error))).subscribe();
    const client = own(await connectTls('127.0.0.1', portOf(listener), fixtures.client, { serverHostname: 'localhost', standardCompatible: false }));
    await readToEof(client).catch(() => undefined);
    expect(failures).toEqual([expect.any(IdleTimeoutError)]);
  });

  it('O2: handshakesFailed counts failed handshakes; the TCP counts are the inner listener\'s', async () => {
    const server = await echoServer();
    const garbage = own(await connectTcp('127.0.0.1', server.port));
    await garbage.sendAll(Buffer.from('not TLS at all'));
    await readToEof(garbage).catch(() => undefined);
    await waitFor(() => server.errors.length === 1, 'the handshake error');
    expect(server.listener.extra(ListenerAttribute.handshakesFailed)).toBe(1);
    expect(server.listener.extra(ListenerAttribute.acceptedConnections)).toBe(1);
    server.stop();
  });

  it('C8: bad TLS options of listenTls throw before anything is bound', async () => {
    const listen = jest.spyOn(net.Server.prototype, 'listen');
    try {
      await expect(listenTls({ context: fixtures.server, idleTimeout: -5 })).rejects.toBeInstanceOf(RangeError);
      await expect(listenTls({ context: fixtures.server, handshakeTimeout: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(listenTls({ context: fixtures.server, handshakeErrorHandler: 3 as never })).rejects.toBeInstanceOf(TypeError);
      expect(listen).not.toHaveBeenCalled();
    } finally {
      listen.mockRestore();
    }
  });

  it('T6: serves handshaken transports: TLS attributes are there when the handler runs', async () => {
    const listener = own(await listenTls({ host: '127.0.0.1', context: fixtures.server }));
    const seen: string[] = [];
    const subscription = listener
      .serve(async (t) => {
        seen.push(t.extra(TLSAttribute.tlsVersion));
        await t.sendAll(Buffer.from('secured'));
      })
      .subscribe();
    const client = own(await connectTls('127.0.0.1', portOf(listener), fixtures.client, { serverHostname: 'localhost' }));
    expect((await readExactly(client, 7)).toString()).toBe('secured');
    expect(seen).toEqual(['TLSv1.3']);
    subscription.unsubscribe();
  });

  it.each([
    ['an untrusted CA', { ca: fixtures.certs.untrusted.cert }, 'localhost'],
    ['a wrong hostname', fixtures.client, 'example.com'],
  ])('T6: a client refusing %s fails its handshake; the handler never runs; the listener keeps serving', async (_name, client, hostname) => {
    const server = await echoServer();
    await expect(connectTls('127.0.0.1', server.port, client, { serverHostname: hostname })).rejects.toHaveProperty('code');
    await waitFor(() => server.errors.length === 1, 'the handshake error to be reported');
    const good = own(await connectTls('127.0.0.1', server.port, fixtures.client, { serverHostname: 'localhost' }));
    await good.sendAll(Buffer.from('after'));
    expect((await readExactly(good, 5)).toString()).toBe('after');
    expect(server.handled()).toBe(1);
    server.stop();
  });

  it('T6: an expired server certificate: the client rejects with CERT_HAS_EXPIRED and the listener reports once', async () => {
    const server = await echoServer({ context: { key: fixtures.certs.expired.key, cert: fixtures.certs.expired.cert } });
    await expect(connectTls('127.0.0.1', server.port, fixtures.client, { serverHostname: 'localhost' })).rejects.toMatchObject({
      code: 'CERT_HAS_EXPIRED',
    });
    await waitFor(() => server.errors.length === 1, 'the handshake error');
    expect(server.handled()).toBe(0);
    server.stop();
  });

  it('T6: a required client certificate that is absent fails on the server, reported once, handler never called', async () => {
    const server = await echoServer({ context: { ...fixtures.server, ca: fixtures.certs.ca, requestCert: true, rejectUnauthorized: true } });
    const client = await connectTls('127.0.0.1', server.port, fixtures.client, { serverHostname: 'localhost' }).catch((e: unknown) => e);
    if (!(client instanceof Error)) {
      // TLS 1.3: the client finishes first and learns of the refusal on its first read.
      own(client as AsyncTLSStreamTransport);
      await expect(readToEof(client as AsyncTLSStreamTransport)).rejects.toBeDefined();
    }
    await waitFor(() => server.errors.length === 1, 'the handshake error');
    expect((server.errors[0] as NodeJS.ErrnoException).code).toBe('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE');
    expect(server.handled()).toBe(0);
    server.stop();
  });

  it('T6: a client that opens TCP and sends nothing is dropped after handshakeTimeout, with one error report; others are not delayed', async () => {
    const server = await echoServer({ handshakeTimeout: 300 });
    const silent = own(await connectTcp('127.0.0.1', server.port));
    // A second client handshakes and echoes while the silent one is still pending.
    const good = own(await connectTls('127.0.0.1', server.port, fixtures.client, { serverHostname: 'localhost' }));
    await good.sendAll(Buffer.from('fast'));
    expect((await readExactly(good, 4)).toString()).toBe('fast');
    expect(server.errors).toHaveLength(0);
    await readToEof(silent).catch(() => undefined); // the server drops it
    expect(server.errors).toHaveLength(1);
    expect(server.errors[0]).toBeInstanceOf(TimeoutError);
    server.stop();
  });

  it('T6: 200 concurrent TLS clients against one listener all complete', async () => {
    const server = await echoServer();
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const client = own(await connectTls('127.0.0.1', server.port, fixtures.client, { serverHostname: 'localhost' }));
        const message = `client ${i}`;
        await client.sendAll(Buffer.from(message));
        const reply = (await readExactly(client, message.length)).toString();
        await client.aclose();
        return reply === message;
      }),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(server.errors).toHaveLength(0);
    server.stop();
  }, 120_000);

  it('L5: unsubscribing closes the listener and every TLS transport it emitted, abruptly', async () => {
    const listener = own(await listenTls({ host: '127.0.0.1', context: fixtures.server }));
    const emitted: AsyncTLSStreamTransport[] = [];
    const subscription = listener.serve().subscribe((t) => emitted.push(own(t)));
    const client = own(await connectTls('127.0.0.1', portOf(listener), fixtures.client, { serverHostname: 'localhost' }));
    await waitFor(() => emitted.length === 1, 'the connection to be served');
    subscription.unsubscribe();
    expect(emitted[0].isClosing()).toBe(true);
    expect(listener.isClosing()).toBe(true);
    await readToEof(client).catch(() => undefined);
    const again = own(await listenTcp({ host: '127.0.0.1', port: portOf(listener) }));
    expect(portOf(again)).toBe(portOf(listener));
  });

  it('L6: aclose completes serve() and leaves served TLS transports open', async () => {
    const listener = own(await listenTls({ host: '127.0.0.1', context: fixtures.server }));
    const emitted: AsyncTLSStreamTransport[] = [];
    let completed = false;
    listener.serve().subscribe({ next: (t) => emitted.push(own(t)), complete: () => (completed = true) });
    const client = own(await connectTls('127.0.0.1', portOf(listener), fixtures.client, { serverHostname: 'localhost' }));
    await waitFor(() => emitted.length === 1, 'the connection to be served');
    await listener.aclose();
    await waitFor(() => completed, 'serve() to complete');
    await client.sendAll(Buffer.from('still'));
    expect((await readExactly(emitted[0], 5)).toString()).toBe('still');
  });

  it('C8: bad arguments are refused at construction, before any connection', async () => {
    const tcp = own(await listenTcp({ host: '127.0.0.1' }));
    expect(() => new AsyncTLSListener(tcp, 'context' as never)).toThrow(TypeError);
    expect(() => new AsyncTLSListener(tcp, fixtures.server, { handshakeTimeout: -1 })).toThrow(RangeError);
    expect(() => new AsyncTLSListener({} as never, fixtures.server)).toThrow(TypeError);
    await expect(listenTls({ host: '127.0.0.1', context: fixtures.server, handshakeErrorHandler: 5 as never })).rejects.toBeInstanceOf(TypeError);
  });

  it('the default handshakeErrorHandler logs one warning line per failure', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const listener = own(await listenTls({ host: '127.0.0.1', context: fixtures.server }));
      const subscription = listener.serve(() => undefined).subscribe();
      const raw = net.connect(portOf(listener), '127.0.0.1');
      await new Promise<void>((resolve) => raw.once('connect', resolve));
      raw.end('this is not a ClientHello\r\n');
      await new Promise<void>((resolve) => raw.once('close', () => resolve()));
      await waitFor(() => warn.mock.calls.length === 1, 'one warning');
      expect(String(warn.mock.calls[0][0])).toContain('TLS handshake failed');
      subscription.unsubscribe();
    } finally {
      warn.mockRestore();
    }
  });
});
