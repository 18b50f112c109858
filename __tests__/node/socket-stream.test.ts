/**
 * Stream transports over real loopback sockets: the generic contract over TCP and Unix, then
 * what only a socket shows (attributes, TCP_NODELAY, a reset while a recv waits).
 */
import { once } from 'node:events';
import * as net from 'node:net';
import { firstValueFrom, VirtualTimeScheduler } from 'rxjs';
import {
  acloseForcefully,
  BrokenResourceError,
  BusyResourceError,
  connectTcp,
  IdleTimeoutError,
  listenTcp,
  NodeBackend,
  SocketAttribute,
  StreamAttribute,
  TransportAttribute,
  TypedAttributeLookupError,
  type AsyncStreamTransport,
} from '../../src';
import { readExactly, readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';
import { portOf, tcpKind, unixKind } from '../support/pairs';
import { describeStreamContract } from '../support/stream-contract';
import { ioTurns, track, waitFor } from '../support/wait';
import { HAND_OVER, SocketStreamTransport } from '../../src/node/socket-stream';

checkResources();
describeStreamContract(tcpKind);
describeStreamContract(unixKind);

/** A connected pair of plain `net.Socket`s over loopback, for transports made directly; the server is closed. */
async function rawSocketPair(allowHalfOpen = false): Promise<{ client: net.Socket; server: net.Socket }> {
  const listening = net.createServer();
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const accepted = once(listening, 'connection') as Promise<[net.Socket]>;
  const client = net.connect({ port: (listening.address() as net.AddressInfo).port, host: '127.0.0.1', allowHalfOpen });
  const [server] = await accepted;
  listening.close();
  await once(client, 'connect');
  return { client, server };
}

describe('socket stream transport', () => {
  it('A2: a TCP transport publishes its socket, family and both addresses', async () => {
    const { a, b } = await tcpKind.open();
    const socket = a.extra(SocketAttribute.socket) as net.Socket;
    expect(typeof socket.remotePort).toBe('number');
    expect(a.extra(SocketAttribute.family)).toBe('IPv4');
    expect(a.extra(SocketAttribute.remoteAddress)).toEqual(b.extra(SocketAttribute.localAddress));
    expect(b.extra(SocketAttribute.remoteAddress)).toEqual(a.extra(SocketAttribute.localAddress));
    expect(a.extra(SocketAttribute.remoteAddress)).toMatchObject({ host: '127.0.0.1' });
    expect(a.extra(StreamAttribute.highWaterMark)).toBe(256 * 1024);
  });

  it('A2: a Unix transport names its ends by path (the connecting side is unnamed)', async () => {
    const { a, b } = await unixKind.open();
    const path = a.extra(SocketAttribute.remoteAddress);
    expect(typeof path).toBe('string');
    expect(b.extra(SocketAttribute.localAddress)).toBe(path);
    expect(a.extra(SocketAttribute.family)).toBe('unix');
    expect(b.extra(SocketAttribute.family)).toBe('unix');
    expect(a.extra(SocketAttribute.localAddress)).toBe('');
  });

  it('L5: the onClosed option is told once, with the transport, when its socket closes, whether reset or closed', async () => {
    const { client, server: serverSocket } = await rawSocketPair();
    const told: SocketStreamTransport[] = [];
    const options = { onClosed: (t: SocketStreamTransport) => void told.push(t) };
    // One options object for two transports, as a listener passes it: each is told of its own close.
    const near = own(new SocketStreamTransport(client, new NodeBackend(), options));
    const far = own(new SocketStreamTransport(serverSocket, new NodeBackend(), options));
    expect(told).toEqual([]);
    serverSocket.resetAndDestroy();
    await expect(near.recv(1)).rejects.toBeInstanceOf(BrokenResourceError);
    await waitFor(() => told.length === 2, 'both sockets to close');
    expect(told).toContain(near);
    expect(told).toContain(far);
    await near.aclose();
    await far.aclose();
    expect(told).toHaveLength(2);
  });

  it("a socket holds one 'end' listener, the transport's, which runs Node's own first", async () => {
    // Two would make an array, which Node 24 gives a property too: about 100 bytes per connection.
    const [nodeOwn] = new net.Socket().listeners('end');
    const { a, b } = await tcpKind.open();
    const socket = a.extra(SocketAttribute.socket) as net.Socket;
    expect(socket.listenerCount('end')).toBe(1);
    expect(socket.listeners('end')).not.toContain(nodeOwn);

    // Node's listener is what stops writes after the peer's FIN on a socket without allowHalfOpen.
    const { client, server: peer } = await rawSocketPair(false);
    const near = own(new SocketStreamTransport(client, new NodeBackend()));
    peer.end();
    expect((await near.recv(1)).length).toBe(0);
    expect(Object.hasOwn(client, 'write')).toBe(true);
    peer.destroy();
    await b.aclose();
  });

  it('C4: a reset while a recv waits rejects that recv with BrokenResourceError (cause ECONNRESET)', async () => {
    const { a, b } = await tcpKind.open();
    const pending = a.recv(10);
    tcpKind.breakPeer(b);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenResourceError);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('P3: idleTimeout on connectTcp: no byte either way closes the transport; recv and later sends reject IdleTimeoutError', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const accepted = new Promise<AsyncStreamTransport>((resolve) => listener.serve().subscribe(resolve)); // kept subscribed (L5)
    const client = own(await connectTcp('127.0.0.1', portOf(listener), { idleTimeout: 100 }));
    const server = own(await accepted);
    const pending = client.recv(10);
    await expect(pending).rejects.toBeInstanceOf(IdleTimeoutError);
    await expect(client.sendAll(Buffer.from('late'))).rejects.toBeInstanceOf(IdleTimeoutError); // sticky
    expect(client.isClosing()).toBe(false); // not closed by this side's aclose (C1)
    await expect(readToEof(server).catch(() => 'reset')).resolves.toBeDefined(); // the peer sees the end
    await client.aclose(); // still resolves
  });

  it('P3: traffic keeps an idleTimeout transport open: sends and receives both count', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const accepted = new Promise<AsyncStreamTransport>((resolve) => listener.serve().subscribe(resolve)); // kept subscribed (L5)
    const client = own(await connectTcp('127.0.0.1', portOf(listener), { idleTimeout: 150 }));
    const server = own(await accepted);
    // Ping-pong past twice the timeout; every exchange is activity on the client.
    const started = Date.now();
    while (Date.now() - started < 400) {
      await client.sendAll(Buffer.from('p'));
      expect((await server.recv(1)).toString()).toBe('p');
      await server.sendAll(Buffer.from('q'));
      expect((await client.recv(1)).toString()).toBe('q');
    }
    await client.sendAll(Buffer.from('still open'));
  });

  describe('O1: how a socket transport ended', () => {
    const terminated = (t: AsyncStreamTransport) => firstValueFrom(t.extra(TransportAttribute.terminated$));

    it('local-close, with the bytes each way and the duration; the peer sees peer-eof', async () => {
      const { a, b } = await tcpKind.open();
      await a.sendAll(Buffer.alloc(1000, 1));
      await b.sendAll(Buffer.alloc(300, 2));
      expect((await readExactly(a, 300)).length).toBe(300);
      const peerDone = readToEof(b).then(() => b.aclose());
      await a.aclose();
      await peerDone;
      expect(await terminated(a)).toMatchObject({ reason: 'local-close', bytesSent: 1000, bytesReceived: 300 });
      expect((await terminated(a)).durationMs).toBeGreaterThanOrEqual(0);
      expect(await terminated(b)).toMatchObject({ reason: 'peer-eof', bytesSent: 300, bytesReceived: 1000 });
      expect(a.extra(TransportAttribute.termination).reason).toBe('local-close'); // readable once closed
    });

    it("durationMs is the backend scheduler's time from the transport's construction to its close", async () => {
      const scheduler = new VirtualTimeScheduler();
      const { client, server } = await rawSocketPair(true);
      const advance = (ms: number): void => {
        scheduler.schedule(() => undefined, ms);
        scheduler.flush();
      };
      advance(1_000);
      const t = own(new SocketStreamTransport(client, new NodeBackend(scheduler)));
      advance(1_234);
      const closed = terminated(t);
      server.destroy();
      await acloseForcefully(t);
      expect((await closed).durationMs).toBe(1_234);
    });

    it('local-abort for acloseForcefully; before the close the termination is a lookup error', async () => {
      const { a } = await tcpKind.open();
      expect(() => a.extra(TransportAttribute.termination)).toThrow(TypedAttributeLookupError);
      await acloseForcefully(a);
      expect((await terminated(a)).reason).toBe('local-abort');
    });

    it('peer-reset, with the Node error, when the peer resets', async () => {
      const { a, b } = await tcpKind.open();
      const pending = a.recv(10).catch(() => undefined);
      tcpKind.breakPeer(b);
      await pending;
      await a.aclose();
      const termination = await terminated(a);
      expect(termination.reason).toBe('peer-reset');
      expect((termination.error as NodeJS.ErrnoException).code).toMatch(/^(ECONNRESET|EPIPE)$/);
    });

    it('idle-timeout for an idle transport', async () => {
      const listener = own(await listenTcp({ host: '127.0.0.1' }));
      listener.serve().subscribe((t) => own(t));
      const client = own(await connectTcp('127.0.0.1', portOf(listener), { idleTimeout: 50 }));
      const termination = await terminated(client);
      expect(termination.reason).toBe('idle-timeout');
      expect(termination.error).toBeInstanceOf(IdleTimeoutError);
    });

    it('O2: bytesReceived and bytesSent count as the transport goes', async () => {
      const { a, b } = await tcpKind.open();
      await a.sendAll(Buffer.alloc(4096));
      await readExactly(b, 4096);
      expect(a.extra(StreamAttribute.bytesSent)).toBe(4096);
      expect(b.extra(StreamAttribute.bytesReceived)).toBe(4096);
    });
  });

  it('S7: a graceful close lingers for the peer\'s EOF on the backend\'s scheduler: the bound releases the socket (after a finished sendEof too), and the peer\'s end cancels the timer', async () => {
    const scheduler = new VirtualTimeScheduler();
    const backend = new NodeBackend(scheduler);
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    // One subscription for both connections: unsubscribing would close what it emitted (L5).
    let onAccept: (transport: AsyncStreamTransport) => void = () => undefined;
    listener.serve().subscribe((transport) => onAccept(own(transport)));
    const lingerTimers = (): number => scheduler.actions.filter((action) => !action.closed).length;
    const connect = async (): Promise<{ a: AsyncStreamTransport; b: AsyncStreamTransport; socket: net.Socket }> => {
      const accepted = new Promise<AsyncStreamTransport>((resolve) => (onAccept = resolve));
      const a = own(await backend.createTcpConnection('127.0.0.1', portOf(listener)));
      return { a, b: await accepted, socket: a.extra(SocketAttribute.socket) as net.Socket };
    };

    // Our FIN has gone out (sendEof finished) and the peer never ends: only the bound closes.
    const silent = await connect();
    await silent.a.sendEof();
    if (!silent.socket.writableFinished) await once(silent.socket, 'finish');
    const closing = track(silent.a.aclose());
    await waitFor(() => lingerTimers() === 1, 'the linger timer');
    expect(closing.settled).toBe(false);
    scheduler.flush();
    await closing.promise;
    expect(silent.socket.destroyed).toBe(true);
    expect(await silent.b.recv(1)).toHaveLength(0);

    // The peer ends while we linger: the socket is released at its EOF, and the timer with it.
    const answering = await connect();
    const closed = track(answering.a.aclose());
    await waitFor(() => lingerTimers() === 1, 'the linger timer');
    expect(await answering.b.recv(1)).toHaveLength(0);
    await answering.b.aclose();
    await closed.promise;
    expect(lingerTimers()).toBe(0);
  });

  it('sendAll resolves only once the bytes left Node: the caller may reuse its buffer', async () => {
    const { a, b } = await tcpKind.open({ highWaterMark: 16 * 1024 });
    const buffer = Buffer.alloc(8 * 1024 * 1024, 1);
    const reading = (async () => {
      let sum = 0;
      for (;;) {
        const chunk = await b.recv(65536);
        if (chunk.length === 0) return sum;
        for (const byte of chunk) sum += byte;
      }
    })();
    await a.sendAll(buffer);
    buffer.fill(0);
    await a.sendEof();
    expect(await reading).toBe(8 * 1024 * 1024);
  });
  it('S3: a sendAll made while Node still queues an earlier one resolves once its own bytes are written, after that one', async () => {
    const { a, b } = await tcpKind.open();
    // More than the kernel takes from a socket nobody reads: Node queues most of it.
    const large = Buffer.alloc(16 * 1024 * 1024, 1);
    const first = track(a.sendAll(large));
    const second = track(a.sendAll(Buffer.alloc(1024, 2)));
    const order: string[] = [];
    void first.promise.then(() => order.push('first'));
    void second.promise.then(() => order.push('second'));
    await ioTurns(20);
    expect([first.settled, second.settled]).toEqual([false, false]);
    const received = readToEof(b);
    await second.promise;
    await a.sendEof();
    const bytes = await received;
    expect(bytes.length).toBe(large.length + 1024);
    expect(bytes.subarray(large.length).every((byte) => byte === 2)).toBe(true);
    expect(order).toEqual(['first', 'second']);
  });

  it('[HAND_OVER] (T2): gives the socket up only with nothing in flight, and stops reading it', async () => {
    const refusedBy: Array<[string, (pair: { a: AsyncStreamTransport; b: AsyncStreamTransport }) => Promise<unknown>]> = [
      ['unread bytes', async ({ a, b }) => {
        await b.sendAll(Buffer.from('x'));
        await waitFor(() => a.extra(StreamAttribute.bufferedBytes) > 0, 'the byte to arrive');
      }],
      ['a pending read', async ({ a }) => void a.recv(1).catch(() => undefined)],
      ['a pending send', async ({ a }) => void a.sendAll(Buffer.alloc(64 * 1024 * 1024)).catch(() => undefined)],
      ['sendEof', ({ a }) => a.sendEof()],
      ['a local close', async ({ a }) => void a.aclose()],
      ['the peer’s EOF', async ({ a, b }) => {
        await b.sendEof();
        expect((await a.recv(1)).length).toBe(0);
      }],
    ];
    for (const [what, make] of refusedBy) {
      const pair = await tcpKind.open();
      await make(pair);
      expect([what, (pair.a as SocketStreamTransport)[HAND_OVER]()]).toEqual([what, undefined]);
    }
    const idle = own(await connectTcp('127.0.0.1', portOf(own(await listenTcp({ host: '127.0.0.1' }))), { idleTimeout: 60_000 }));
    expect((idle as SocketStreamTransport)[HAND_OVER]()).toBeUndefined();

    const { a, b } = await tcpKind.open();
    const socket = a.extra(SocketAttribute.socket) as net.Socket;
    expect((a as SocketStreamTransport)[HAND_OVER]()).toBe(socket);
    expect(socket.listenerCount('data')).toBe(0);
    // Node's own 'end' listener is back in place of the transport's, as Node made the socket.
    expect(socket.listeners('end')).toEqual(new net.Socket().listeners('end'));
    await expect(a.recv(1)).rejects.toBeInstanceOf(BusyResourceError);
    // The socket is the new owner's to read: what arrives reaches it, none of it taken here.
    const readable = once(socket, 'readable');
    await b.sendAll(Buffer.from('for the new owner'));
    await readable;
    expect(String(socket.read() as Buffer)).toBe('for the new owner');
    expect(a.extra(StreamAttribute.bufferedBytes)).toBe(0);
  });
});
