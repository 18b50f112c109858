/**
 * withFaults over real sockets: with no fault it keeps the whole transport contract (the
 * contract suites run through it); with faults, a real peer meets the same splits, resets,
 * losses and duplicates the marble kit shows in virtual time (F5).
 */
import type { Observable } from 'rxjs';
import { listenTcp, BrokenResourceError, ClosedResourceError, SocketAttribute, StreamAttribute, type AsyncStreamTransport } from '../../src';
import { dropDatagrams, duplicateDatagrams, eofAfter, InjectedResetError, latency, rechunk, resetAfter, withFaults } from '../../src/testing';
import { readExactly, readToEof } from '../support/bytes';
import { udp4Kind, type DatagramKind } from '../support/datagram-pairs';
import { describeDatagramContract } from '../support/datagram-contract';
import { tcpKind, type StreamKind } from '../support/pairs';
import { checkResources, own } from '../support/resources';
import { describeStreamContract } from '../support/stream-contract';

checkResources();

/** A fault that changes nothing: the wrapper's read-ahead and send queue, and nothing else. */
const none = <T>(source: Observable<T>): Observable<T> => source;

const faultlessTcp: StreamKind = {
  ...tcpKind,
  name: 'TCP through withFaults, a no-op fault each way',
  async open(options) {
    const { a, b } = await tcpKind.open(options);
    return { a: own(withFaults(a, { receive: none, send: none })), b: own(withFaults(b, { receive: none, send: none })) };
  },
  breakPeer(peer) {
    // The attribute is the inner socket's: resetting it is a real reset under the wrapper.
    tcpKind.breakPeer(peer);
  },
};

const faultlessUdp: DatagramKind = {
  name: 'UDP through withFaults, a no-op fault on receive',
  async open(options) {
    const { a, b } = await udp4Kind.open(options);
    return { a: own(withFaults(a, { receive: none })), b: own(withFaults(b, { receive: none })) };
  },
};

describeStreamContract(faultlessTcp);
describeDatagramContract(faultlessUdp);

/** A TCP pair whose client side goes through `faults`; the server side is plain. */
async function tcpPair(faults: Parameters<typeof withFaults>[1]): Promise<{ client: AsyncStreamTransport; server: AsyncStreamTransport }> {
  const { a, b } = await tcpKind.open();
  return { client: own(withFaults(a, faults)), server: b };
}

describe('withFaults', () => {
  it('F5: rechunk on receive: every read of a real socket returns at most the piece size, bytes intact', async () => {
    const { client, server } = await tcpPair({ receive: rechunk(3) });
    const message = Buffer.from('0123456789abcdefghij');
    await server.sendAll(message);
    await server.sendEof();
    const reads: Buffer[] = [];
    for (let chunk = await client.recv(1024); chunk.length > 0; chunk = await client.recv(1024)) reads.push(chunk);
    expect(Buffer.concat(reads)).toEqual(message);
    expect(reads.every((read) => read.length <= 3)).toBe(true);
    expect(reads.length).toBeGreaterThanOrEqual(7);
  });

  it('F5: rechunk and latency on send: the real peer receives every byte, in order; sendAll resolves once the inner transport took the last byte', async () => {
    const { client, server } = await tcpPair({ send: (source) => source.pipe(rechunk({ seed: 5, max: 4 }), latency({ seed: 5, max: 3 })) });
    const message = Buffer.from('a message that the faults split and delay on the way out');
    await client.sendAll(message);
    expect(client.extra(StreamAttribute.bufferedBytes)).toBe(0);
    await client.sendEof();
    expect(await readToEof(server)).toEqual(message);
  });

  it('F3/F5: resetAfter on receive: reads reject BrokenResourceError after the bytes before it, and the real peer is reset', async () => {
    const { client, server } = await tcpPair({ receive: resetAfter({ bytes: 4 }) });
    await server.sendAll(Buffer.from('abcdefgh'));
    expect(await readExactly(client, 4)).toEqual(Buffer.from('abcd'));
    const error = await client.recv(10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenResourceError);
    expect((error as Error).cause).toBeInstanceOf(InjectedResetError);
    await expect(client.sendAll(Buffer.from('x'))).rejects.toBeInstanceOf(BrokenResourceError);
    // The server's socket sees the real reset.
    const serverError = await readToEof(server).catch((e: unknown) => e);
    expect(serverError).toBeInstanceOf(BrokenResourceError);
    expect(((serverError as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('F3/F5: eofAfter on send: the peer sees EOF early; later sends reject ClosedResourceError', async () => {
    const { client, server } = await tcpPair({ send: eofAfter(3) });
    await expect(client.sendAll(Buffer.from('abcdef'))).rejects.toBeInstanceOf(ClosedResourceError);
    expect(await readToEof(server)).toEqual(Buffer.from('abc'));
    await expect(client.sendAll(Buffer.from('x'))).rejects.toBeInstanceOf(ClosedResourceError);
  });

  it("F5: attributes are the inner transport's", async () => {
    const { client } = await tcpPair({});
    expect(client.extra(SocketAttribute.remoteAddress)).toMatchObject({ host: '127.0.0.1' });
  });

  it('F4/F5: datagram faults over real UDP: duplicates arrive twice, drops never arrive', async () => {
    const { a, b } = await udp4Kind.open();
    const doubled = own(withFaults(a, { receive: duplicateDatagrams({ probability: 1, seed: 0 }) }));
    await b.send(Buffer.from('once'));
    expect((await doubled.recv()).toString()).toBe('once');
    expect((await doubled.recv()).toString()).toBe('once');
    const lossy = own(withFaults(b, { send: dropDatagrams({ probability: 1, seed: 0 }) }));
    await lossy.send(Buffer.from('lost'));
    await b.send(Buffer.from('kept'));
    expect((await doubled.recv()).toString()).toBe('kept');
  });

  it('F1: anything but a transport, or a fault that is not a function, throws TypeError at once', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    expect(() => withFaults(listener as unknown as AsyncStreamTransport, {})).toThrow(TypeError);
    const { a } = await tcpKind.open();
    expect(() => withFaults(a, { receive: 3 as unknown as never })).toThrow(TypeError);
  });
});
