/**
 * AsyncTLSStreamTransport: the stream contract over TLS (TCP and memory, both close modes),
 * then T1-T5 and A3 on real sockets, and TLS over memory where only memory can show it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type * as net from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { TestScheduler } from 'rxjs/testing';
import { firstValueFrom, TimeoutError } from 'rxjs';
import {
  AsyncStapledStreamTransport,
  AsyncTLSStreamTransport,
  BrokenResourceError,
  BusyResourceError,
  connectTls,
  createMemoryStreamPair,
  NodeBackend,
  SocketAttribute,
  StreamAttribute,
  TLSAttribute,
  TransportAttribute,
  TypedAttributeLookupError,
  UnsupportedOperation,
  type AsyncStreamTransport,
  type TLSContext,
} from '../../src';
import { patternBytes, readExactly, readToEof } from '../support/bytes';
import { resetForcefully } from '../../src/core/aclose-forcefully';
import { behindStapled, memoryKind, stapledKind, tcpKind, tlsKind, unixKind, type StreamPair } from '../support/pairs';
import { checkResources, own } from '../support/resources';
import { describeStreamContract } from '../support/stream-contract';
import { tlsFixtures } from '../support/tls-fixtures';
import { waitFor } from '../support/wait';

checkResources();
const fixtures = tlsFixtures();
const contexts = { client: fixtures.client, server: fixtures.server };

for (const standard of [true, false]) {
  // Non-standard TLS over TCP runs Node's TLS on the socket (the native path); behind a stapled
  // transport, the same TCP takes the JS path, so the contract runs against both (T2).
  describeStreamContract(tlsKind(tcpKind, standard, contexts));
  describeStreamContract(tlsKind(memoryKind, standard, contexts));
}
describeStreamContract(tlsKind(behindStapled(tcpKind), false, contexts));

/** A client and a server TLS transport over `inner`, handshaken concurrently. */
async function tlsPair(
  raw: { a: AsyncStreamTransport; b: AsyncStreamTransport },
  client: TLSContext = fixtures.client,
  server: TLSContext = fixtures.server,
  options: { standardCompatible?: boolean; clientStandard?: boolean; serverStandard?: boolean } = {},
): Promise<{ a: AsyncTLSStreamTransport; b: AsyncTLSStreamTransport }> {
  const [a, b] = await Promise.all([
    AsyncTLSStreamTransport.wrap(raw.a, client, {
      serverHostname: 'localhost',
      standardCompatible: options.clientStandard ?? options.standardCompatible ?? true,
    }),
    AsyncTLSStreamTransport.wrap(raw.b, server, { standardCompatible: options.serverStandard ?? options.standardCompatible ?? true }),
  ]);
  return { a: own(a), b: own(b) };
}

describe('AsyncTLSStreamTransport', () => {
  it('S5: sendEof rejects UnsupportedOperation and leaves the transport usable', async () => {
    const { a, b } = await tlsPair(await tcpKind.open());
    await expect(a.sendEof()).rejects.toBeInstanceOf(UnsupportedOperation);
    await a.sendAll(Buffer.from('still fine'));
    expect((await readExactly(b, 10)).toString()).toBe('still fine');
  });

  it.each([
    ['default mode', true],
    ['standardCompatible: false (the outer layer on the socket, the inner one over a Duplex of it)', false],
  ])('T2: TLS in TLS (a wrap of a wrap) round-trips data, %s', async (_mode, standardCompatible) => {
    const outer = await tlsPair(await tcpKind.open(), fixtures.client, fixtures.server, { standardCompatible });
    const inner = await tlsPair(outer, fixtures.client, fixtures.server, { standardCompatible });
    await inner.a.sendAll(Buffer.from('nested'));
    expect((await readExactly(inner.b, 6)).toString()).toBe('nested');
    await inner.b.sendAll(Buffer.from('back'));
    expect((await readExactly(inner.a, 4)).toString()).toBe('back');
    expect(inner.a.extra(TLSAttribute.tlsVersion)).toBe('TLSv1.3');
    expect(inner.a.extra(TLSAttribute.tlsSocket)).not.toBe(outer.a.extra(TLSAttribute.tlsSocket));
    // The inner layer reads the outer one through its recv (a Duplex): the outer's one read is taken.
    const outerRead = (await outer.a.recv(1).catch((e: unknown) => e)) as Error;
    expect(outerRead).toBeInstanceOf(BusyResourceError);
    expect(outerRead.message).toMatch(/^another recv is already pending/);
  });

  it('T2: TLS over a stapled transport round-trips data', async () => {
    const { a, b } = await tlsPair(await stapledKind.open());
    await a.sendAll(Buffer.from('stapled tls'));
    expect((await readExactly(b, 11)).toString()).toBe('stapled tls');
    expect(a.extra(TLSAttribute.tlsVersion)).toBe('TLSv1.3');
  });

  it('T2: TLS over a Unix socket round-trips data', async () => {
    const { a, b } = await tlsPair(await unixKind.open());
    await b.sendAll(Buffer.from('unix tls'));
    expect((await readExactly(a, 8)).toString()).toBe('unix tls');
    expect(a.extra(SocketAttribute.family)).toBe('unix');
  });

  it('T2: a ClientHello buffered in the server transport before the server wraps still completes the handshake', async () => {
    const [rawA, rawB] = createMemoryStreamPair();
    own(rawA);
    own(rawB);
    const client = AsyncTLSStreamTransport.wrap(rawA, fixtures.client, { serverHostname: 'localhost' });
    await waitFor(() => rawB.extra(StreamAttribute.bufferedBytes) > 0, 'the ClientHello to arrive');
    const server = own(await AsyncTLSStreamTransport.wrap(rawB, fixtures.server));
    const a = own(await client);
    await a.sendAll(Buffer.from('late server'));
    expect((await readExactly(server, 11)).toString()).toBe('late server');
  });

  describe('T2: the native path (Node’s TLS on the socket itself) where it behaves the same', () => {
    // What a socket transport's recv says once TLS runs on its socket; over the JS path, TLS's
    // Duplex holds the transport's one read instead.
    const handedOver = 'the socket is read by the TLS layer over this transport';
    const innerReadError = (inner: AsyncStreamTransport): Promise<unknown> => inner.recv(1).catch((e: unknown) => e);

    it.each([
      ['TCP', tcpKind],
      ['Unix', unixKind],
    ])('non-standard TLS over %s runs on the socket (the transport under it handed it over) and round-trips data both ways', async (_name, kind) => {
      const raw = await kind.open();
      const { a, b } = await tlsPair(raw, fixtures.client, fixtures.server, { standardCompatible: false });
      for (const inner of [raw.a, raw.b]) {
        const error = await innerReadError(inner);
        expect(error).toBeInstanceOf(BusyResourceError);
        expect((error as Error).message).toBe(handedOver);
      }
      await a.sendAll(patternBytes(100_000));
      expect((await readExactly(b, 100_000)).equals(patternBytes(100_000))).toBe(true);
      await b.sendAll(Buffer.from('and back'));
      expect((await readExactly(a, 8)).toString()).toBe('and back');
    });

    it('standard mode, a transport that is not a bare socket transport, and unread bytes in the transport all keep the JS path', async () => {
      const jsPath = async (inner: AsyncStreamTransport): Promise<void> => {
        const error = await innerReadError(inner);
        expect(error).toBeInstanceOf(BusyResourceError);
        expect((error as Error).message).not.toBe(handedOver);
      };
      const standard = await tcpKind.open();
      await tlsPair(standard);
      await jsPath(standard.a);
      await jsPath(standard.b);

      const stapled = await behindStapled(tcpKind).open();
      await tlsPair(stapled, fixtures.client, fixtures.server, { standardCompatible: false });
      await jsPath((stapled.a as AsyncStapledStreamTransport<AsyncStreamTransport, AsyncStreamTransport>).sendTransport);

      // The ClientHello is already in the server's transport when it wraps: nothing of it may be lost.
      const early = await tcpKind.open();
      const client = AsyncTLSStreamTransport.wrap(early.a, fixtures.client, { serverHostname: 'localhost', standardCompatible: false });
      await waitFor(() => early.b.extra(StreamAttribute.bufferedBytes) > 0, 'the ClientHello to arrive');
      const server = own(await AsyncTLSStreamTransport.wrap(early.b, fixtures.server, { standardCompatible: false }));
      const a = own(await client);
      await jsPath(early.b);
      expect((await innerReadError(early.a)) as Error).toMatchObject({ message: handedOver });
      await a.sendAll(Buffer.from('late server'));
      expect((await readExactly(server, 11)).toString()).toBe('late server');
    });

    it('a reset of the socket under it (a user’s resetAndDestroy, or resetForcefully) still sends RST: the peer fails with ECONNRESET, which is its inner transport’s termination too (O1)', async () => {
      for (const reset of [
        (raw: StreamPair, _b: AsyncStreamTransport) => (raw.b.extra(SocketAttribute.socket) as net.Socket).resetAndDestroy(),
        (_raw: StreamPair, b: AsyncStreamTransport) => void resetForcefully(b),
      ]) {
        const raw = await tcpKind.open();
        const { a, b } = await tlsPair(raw, fixtures.client, fixtures.server, { standardCompatible: false });
        reset(raw, b);
        const error = await a.recv(10).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BrokenResourceError);
        expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
        expect((await firstValueFrom(raw.a.extra(TransportAttribute.terminated$))).reason).toBe('peer-reset');
      }
    });

    it('over Unix the socket’s resetAndDestroy is Node’s own: it throws ERR_INVALID_HANDLE_TYPE and leaves the connection up', async () => {
      const raw = await unixKind.open();
      const { a, b } = await tlsPair(raw, fixtures.client, fixtures.server, { standardCompatible: false });
      const socket = raw.b.extra(SocketAttribute.socket) as net.Socket;
      let thrown: unknown;
      try {
        socket.resetAndDestroy();
      } catch (error) {
        thrown = error;
      }
      expect((thrown as NodeJS.ErrnoException | undefined)?.code).toBe('ERR_INVALID_HANDLE_TYPE');
      await a.sendAll(Buffer.from('still up'));
      expect((await readExactly(b, 8)).toString()).toBe('still up');
    });

    it('O1: the transport under it ends as it would have seen it: local-close on our aclose, peer-eof when the peer ended first', async () => {
      const raw = await tcpKind.open();
      const { a, b } = await tlsPair(raw, fixtures.client, fixtures.server, { standardCompatible: false });
      const reasonOf = async (t: AsyncStreamTransport): Promise<string> => (await firstValueFrom(t.extra(TransportAttribute.terminated$))).reason;
      await a.sendAll(Buffer.from('bye'));
      const closing = a.aclose();
      expect((await readToEof(b)).toString()).toBe('bye');
      await b.aclose();
      await closing;
      expect([await reasonOf(raw.a), await reasonOf(raw.b)]).toEqual(['local-close', 'peer-eof']);
      expect([await reasonOf(a), await reasonOf(b)]).toEqual(['local-close', 'peer-eof']);
    });

    it('survives, in a child process, the reset sequences that crash Node’s TLS on a socket (SIGSEGV in OpenSSL)', async () => {
      const child = spawn(
        process.execPath,
        ['--expose-gc', '--conditions=rxnet-source', require.resolve('ts-node/dist/bin'), join(__dirname, '..', 'support', 'native-tls-resets.ts'), '10'],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
      expect({ code, signal, output }).toEqual({ code: 0, signal: null, output: 'ok 10\n' });
    }, 60_000);
  });

  it('T1: serverSide defaults to !serverHostname; a client needs a serverHostname; options are validated first', async () => {
    const [rawA, rawB] = createMemoryStreamPair();
    await expect(AsyncTLSStreamTransport.wrap(rawA, fixtures.client, { serverSide: false })).rejects.toBeInstanceOf(TypeError);
    await expect(AsyncTLSStreamTransport.wrap(rawA, fixtures.client, { handshakeTimeout: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(AsyncTLSStreamTransport.wrap(rawA, 'ctx' as never)).rejects.toBeInstanceOf(TypeError);
    await expect(AsyncTLSStreamTransport.wrap({} as never, fixtures.client)).rejects.toBeInstanceOf(TypeError);
    expect(rawA.isClosing()).toBe(false); // bad arguments touch nothing
    const { a, b } = await tlsPair({ a: own(rawA), b: own(rawB) });
    expect(a.extra(TLSAttribute.serverSide)).toBe(false);
    expect(b.extra(TLSAttribute.serverSide)).toBe(true);
  });

  it.each([
    ['an untrusted CA', { ca: fixtures.certs.untrusted.cert }, fixtures.server, /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/],
    ['an expired certificate', fixtures.client, { key: fixtures.certs.expired.key, cert: fixtures.certs.expired.cert }, /^CERT_HAS_EXPIRED$/],
    ['a certificate from another CA', fixtures.client, { key: fixtures.certs.untrusted.key, cert: fixtures.certs.untrusted.cert }, /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/],
  ])('T3: %s rejects the client wrap with Node’s code and force-closes the inner transport', async (_name, client, server, code) => {
    const raw = await tcpKind.open();
    const serverSide = AsyncTLSStreamTransport.wrap(raw.b, server).catch((e: unknown) => e);
    const error = await AsyncTLSStreamTransport.wrap(raw.a, client, { serverHostname: 'localhost' }).catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toMatch(code);
    expect(raw.a.isClosing()).toBe(true);
    await serverSide;
  });

  it('T3: a wrong hostname rejects with ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const raw = await tcpKind.open();
    const serverSide = AsyncTLSStreamTransport.wrap(raw.b, fixtures.server).catch((e: unknown) => e);
    await expect(AsyncTLSStreamTransport.wrap(raw.a, fixtures.client, { serverHostname: 'example.com' })).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    await serverSide;
  });

  it('T3: a server requiring a client certificate rejects a client without one, and one from an untrusted CA', async () => {
    const strict = { ...fixtures.server, ca: fixtures.certs.ca, requestCert: true, rejectUnauthorized: true };
    const none = await tcpKind.open();
    const clientSide = AsyncTLSStreamTransport.wrap(none.a, fixtures.client, { serverHostname: 'localhost' }).catch(() => undefined);
    await expect(AsyncTLSStreamTransport.wrap(none.b, strict)).rejects.toMatchObject({ code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' });
    expect(none.b.isClosing()).toBe(true);
    await clientSide;

    const forged = await tcpKind.open();
    const forgedClient = { ...fixtures.client, key: fixtures.certs.untrusted.key, cert: fixtures.certs.untrusted.cert };
    const forgedSide = AsyncTLSStreamTransport.wrap(forged.a, forgedClient, { serverHostname: 'localhost' }).catch(() => undefined);
    const error = await AsyncTLSStreamTransport.wrap(forged.b, strict).catch((e: unknown) => e);
    // Node's own error object (another realm than jest's `Error`): its code is the contract.
    expect((error as NodeJS.ErrnoException).code).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
    await forgedSide;
  });

  it('T3: a handshake the peer never answers times out with TimeoutError on the backend scheduler (virtual time)', async () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const [rawA, rawB] = createMemoryStreamPair({ backend: new NodeBackend(scheduler) });
    own(rawB);
    let outcome: unknown;
    scheduler.run(({ flush }) => {
      AsyncTLSStreamTransport.wrap(rawA, fixtures.client, { serverHostname: 'localhost', handshakeTimeout: 60_000 }).catch(
        (e: unknown) => (outcome = e),
      );
      flush();
    });
    await waitFor(() => outcome !== undefined, 'the handshake to time out');
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(rawA.isClosing()).toBe(true);
  });

  describe('T4: ragged EOF matrix (which side reads x its mode x how the peer closed)', () => {
    for (const readerSide of ['client', 'server'] as const) {
      for (const readerStandard of [true, false]) {
        for (const peerSendsCloseNotify of [true, false]) {
          const broken = readerStandard && !peerSendsCloseNotify;
          it(`${readerSide} reader, ${readerStandard ? 'standard' : 'non-standard'}, peer ${peerSendsCloseNotify ? 'sends close_notify' : 'ends without it'}: ${broken ? 'BrokenResourceError' : 'EOF, repeatedly'}`, async () => {
            const { a, b } = await tlsPair(await tcpKind.open(), fixtures.client, fixtures.server, {
              clientStandard: readerSide === 'client' ? readerStandard : peerSendsCloseNotify,
              serverStandard: readerSide === 'server' ? readerStandard : peerSendsCloseNotify,
            });
            const [reader, peer] = readerSide === 'client' ? [a, b] : [b, a];
            await peer.sendAll(Buffer.from('last words'));
            const closing = peer.aclose();
            expect((await readExactly(reader, 10)).toString()).toBe('last words');
            if (broken) {
              const error = await reader.recv(10).catch((e: unknown) => e);
              expect(error).toBeInstanceOf(BrokenResourceError);
              expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ERR_SSL_UNEXPECTED_EOF_WHILE_READING');
              await expect(reader.recv(10)).rejects.toBeInstanceOf(BrokenResourceError);
            } else {
              for (let i = 0; i < 3; i++) expect((await reader.recv(10)).length).toBe(0);
            }
            await closing;
          });
        }
      }
    }
  });

  describe('O1: how a TLS transport, or the transport under a failed handshake, ended', () => {
    const terminated = (t: AsyncStreamTransport) => firstValueFrom(t.extra(TransportAttribute.terminated$));

    it('handshake-failed on the inner transport, with the TLS error', async () => {
      const raw = await tcpKind.open();
      const serverSide = AsyncTLSStreamTransport.wrap(raw.b, fixtures.server).catch(() => undefined);
      await AsyncTLSStreamTransport.wrap(raw.a, fixtures.client, { serverHostname: 'example.com' }).catch(() => undefined);
      const termination = await terminated(raw.a);
      expect(termination.reason).toBe('handshake-failed');
      expect((termination.error as NodeJS.ErrnoException).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      await serverSide;
    });

    it('handshake-timeout on the inner transport of a handshake nobody answers', async () => {
      const [rawA, rawB] = createMemoryStreamPair();
      own(rawB);
      await AsyncTLSStreamTransport.wrap(rawA, fixtures.client, { serverHostname: 'localhost', handshakeTimeout: 20 }).catch(() => undefined);
      expect((await terminated(rawA)).reason).toBe('handshake-timeout');
    });

    it('tls-truncated when a standard reader meets an end without close_notify; the TLS layer keeps its own counts', async () => {
      const { a, b } = await tlsPair(await tcpKind.open(), fixtures.client, fixtures.server, { clientStandard: true, serverStandard: false });
      await b.sendAll(Buffer.from('last words'));
      const closing = b.aclose();
      await readExactly(a, 10);
      await a.recv(10).catch(() => undefined);
      await a.aclose();
      await closing;
      const termination = await terminated(a);
      expect(termination).toMatchObject({ reason: 'tls-truncated', bytesReceived: 10, bytesSent: 0 });
      expect((await terminated(b)).reason).toBe('local-close');
    });

    it('tls-alert on the side that receives a fatal alert mid-stream', async () => {
      const [rawA, rawB] = createMemoryStreamPair();
      const { a } = await tlsPair({ a: rawA, b: rawB });
      // A record nobody encrypted, slipped under the client's TLS: the server answers bad_record_mac.
      await rawA.sendAll(Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20, ...Buffer.alloc(32, 0xee)]));
      await a.recv(10).catch(() => undefined);
      await a.aclose().catch(() => undefined);
      const termination = await terminated(a);
      expect(termination.reason).toBe('tls-alert');
      // OpenSSL 3.0 says SSLV3_ALERT_BAD_RECORD_MAC, 3.5 (Node 24+) SSL/TLS_ALERT_BAD_RECORD_MAC.
      expect((termination.error as NodeJS.ErrnoException).code).toMatch(/^ERR_SSL_.*ALERT_BAD_RECORD_MAC$/);
    });
  });

  it('T4: a standard aclose sends close_notify and completes once the peer, reading EOF, answers with its own', async () => {
    const raw = await tcpKind.open();
    // A shutdownTimeout longer than the test's: finishing at all proves the answer was awaited, not the timer.
    const [a, b] = await Promise.all([
      AsyncTLSStreamTransport.wrap(raw.a, fixtures.client, { serverHostname: 'localhost', shutdownTimeout: 3_600_000 }),
      AsyncTLSStreamTransport.wrap(raw.b, fixtures.server),
    ]);
    own(a);
    own(b);
    const closing = a.aclose();
    expect((await readToEof(b)).length).toBe(0);
    await closing;
    await expect(b.sendAll(Buffer.from('too late'))).rejects.toBeInstanceOf(BrokenResourceError);
    expect((await b.recv(10)).length).toBe(0); // still EOF, not the send's failure
  });

  it('T4: a standard aclose whose peer never answers completes after shutdownTimeout', async () => {
    const raw = await tcpKind.open();
    const [a, b] = await Promise.all([
      AsyncTLSStreamTransport.wrap(raw.a, fixtures.client, { serverHostname: 'localhost', shutdownTimeout: 100 }),
      AsyncTLSStreamTransport.wrap(raw.b, fixtures.server),
    ]);
    own(a);
    own(b);
    // The peer's TLS layer stops reading, so it never sees (or answers) our close_notify.
    b.extra(TLSAttribute.tlsSocket).pause();
    b.extra(TLSAttribute.tlsSocket).removeAllListeners('data');
    await a.aclose();
    expect(raw.a.isClosing()).toBe(true);
  });

  it('T5: one context object yields one secure context, reused by every connection; a ready SecureContext works too', async () => {
    const first = await tlsPair(await tcpKind.open());
    const second = await tlsPair(await tcpKind.open());
    expect(first.a.extra(TLSAttribute.secureContext)).toBe(second.a.extra(TLSAttribute.secureContext));
    expect(first.b.extra(TLSAttribute.secureContext)).toBe(second.b.extra(TLSAttribute.secureContext));
    const ready = tls.createSecureContext({ key: fixtures.certs.server.key, cert: fixtures.certs.server.cert });
    const third = await tlsPair(await memoryKind.open(), fixtures.client, ready);
    expect(third.b.extra(TLSAttribute.secureContext)).toBe(ready);
  });

  it('A3: attributes of the TLS session, plus the inner transport’s; missing values are lookup errors', async () => {
    const raw = await tcpKind.open();
    const { a, b } = await tlsPair(raw, { ...fixtures.client, ALPNProtocols: ['rxnet/1'] }, { ...fixtures.server, ALPNProtocols: ['rxnet/1'] });
    expect(a.extra(TLSAttribute.tlsSocket)).toBeInstanceOf(tls.TLSSocket);
    expect(a.extra(TLSAttribute.peerCertificate).subject.CN).toBe('localhost');
    expect(a.extra(TLSAttribute.cipher).name).toMatch(/^TLS_/);
    expect(a.extra(TLSAttribute.tlsVersion)).toBe('TLSv1.3');
    expect(a.extra(TLSAttribute.alpnProtocol)).toBe('rxnet/1');
    expect(a.extra(TLSAttribute.standardCompatible)).toBe(true);
    expect(a.extra(SocketAttribute.remoteAddress)).toEqual(raw.a.extra(SocketAttribute.remoteAddress));
    expect(() => b.extra(TLSAttribute.peerCertificate)).toThrow(TypedAttributeLookupError); // no client certificate
    const plain = await tlsPair(await memoryKind.open());
    expect(() => plain.a.extra(TLSAttribute.alpnProtocol)).toThrow(TypedAttributeLookupError);
  });

  it('A3: mutual TLS: the server sees the client certificate', async () => {
    const mutualServer = { ...fixtures.server, ca: fixtures.certs.ca, requestCert: true, rejectUnauthorized: true };
    const mutualClient = { ...fixtures.client, key: fixtures.certs.client.key, cert: fixtures.certs.client.cert };
    const { a, b } = await tlsPair(await tcpKind.open(), mutualClient, mutualServer);
    expect(b.extra(TLSAttribute.peerCertificate).subject.CN).toBe('rxnet test client');
    expect(b.extra(TLSAttribute.tlsSocket).authorized).toBe(true);
    await a.sendAll(Buffer.from('mtls'));
    expect((await readExactly(b, 4)).toString()).toBe('mtls');
  });

  it('session resumption: a second connection with the first one’s session reports reuse', async () => {
    const client = { ...fixtures.client };
    const server = { ...fixtures.server };
    const first = await tlsPair(await tcpKind.open(), client, server);
    // TLS 1.3 sends the ticket after the handshake: a round trip delivers it.
    await first.b.sendAll(Buffer.from('x'));
    await readExactly(first.a, 1);
    await waitFor(() => first.a.extra(TLSAttribute.session, undefined) !== undefined, 'the session ticket');
    const session = first.a.extra(TLSAttribute.session);
    expect(first.a.extra(TLSAttribute.sessionReused)).toBe(false);
    const raw = await tcpKind.open();
    const [a, b] = await Promise.all([
      AsyncTLSStreamTransport.wrap(raw.a, client, { serverHostname: 'localhost', session }),
      AsyncTLSStreamTransport.wrap(raw.b, server),
    ]);
    own(a);
    own(b);
    expect(a.extra(TLSAttribute.sessionReused)).toBe(true);
  });

  it('16 MiB each way at once over TLS arrives exact', async () => {
    const { a, b } = await tlsPair(await tcpKind.open());
    const size = 16 * 1024 * 1024;
    const aToB = patternBytes(size, 21);
    const bToA = patternBytes(size, 22);
    const [, , gotB, gotA] = await Promise.all([a.sendAll(aToB), b.sendAll(bToA), readExactly(b, size), readExactly(a, size)]);
    expect(gotB.equals(aToB)).toBe(true);
    expect(gotA.equals(bToA)).toBe(true);
  });

  it('connectTls validates everything before connecting and rejects with Node’s error on a refused port', async () => {
    await expect(connectTls('127.0.0.1', 1, 'nope' as never)).rejects.toBeInstanceOf(TypeError);
    await expect(connectTls('127.0.0.1', 70000, fixtures.client)).rejects.toBeInstanceOf(RangeError);
    const { a } = await tcpKind.open();
    const port = (a.extra(SocketAttribute.localAddress) as { port: number }).port;
    await expect(connectTls('127.0.0.1', port, fixtures.client)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
