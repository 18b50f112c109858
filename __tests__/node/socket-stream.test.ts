/**
 * Stream transports over real loopback sockets: the generic contract over TCP and Unix, then
 * what only a socket shows (attributes, TCP_NODELAY, a reset while a recv waits).
 */
import type * as net from 'node:net';
import { BrokenResourceError, SocketAttribute, StreamAttribute } from '../../src';
import { readToEof } from '../support/bytes';
import { checkResources } from '../support/resources';
import { tcpKind, unixKind } from '../support/pairs';
import { describeStreamContract } from '../support/stream-contract';

checkResources();
describeStreamContract(tcpKind);
describeStreamContract(unixKind);

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

  it('onceClosed runs its listener when the socket closes, or at once if it already has', async () => {
    const { a, b } = await tcpKind.open();
    const seen: string[] = [];
    const transport = a as unknown as { onceClosed(listener: () => void): void };
    transport.onceClosed(() => seen.push('before'));
    const bSaw = readToEof(b).then(() => b.aclose());
    await a.aclose();
    await bSaw;
    expect(seen).toEqual(['before']);
    transport.onceClosed(() => seen.push('after'));
    expect(seen).toEqual(['before', 'after']);
  });

  it('C4: a reset while a recv waits rejects that recv with BrokenResourceError (cause ECONNRESET)', async () => {
    const { a, b } = await tcpKind.open();
    const pending = a.recv(10);
    tcpKind.breakPeer(b);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenResourceError);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
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
});
