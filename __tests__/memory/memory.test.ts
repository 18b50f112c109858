/** The in-memory stream pair obeys the whole stream contract, plus its own `reset` and options. */
import { BrokenResourceError, createMemoryStreamPair, defaultBackend, NodeBackend, StreamAttribute, TransportAttribute } from '../../src';
import { checkResources } from '../support/resources';
import { memoryKind } from '../support/pairs';
import { describeStreamContract } from '../support/stream-contract';
import { readExactly } from '../support/bytes';

checkResources();
describeStreamContract(memoryKind);

describe('createMemoryStreamPair', () => {
  it('C8: rejects a bad highWaterMark with RangeError/TypeError', () => {
    expect(() => createMemoryStreamPair({ highWaterMark: 0 })).toThrow(RangeError);
    expect(() => createMemoryStreamPair({ highWaterMark: -5 })).toThrow(RangeError);
    expect(() => createMemoryStreamPair({ highWaterMark: '1' as unknown as number })).toThrow(TypeError);
  });

  it('reports the backend it was given, the default one otherwise', () => {
    const backend = new NodeBackend();
    const [a, b] = createMemoryStreamPair({ backend });
    expect(a.backend()).toBe(backend);
    expect(b.backend()).toBe(backend);
    expect(createMemoryStreamPair()[0].backend()).toBe(defaultBackend);
  });

  it('copies what it sends: the sender may reuse its buffer once sendAll resolved', async () => {
    const [a, b] = createMemoryStreamPair();
    const buffer = Buffer.from('first');
    await a.sendAll(buffer);
    buffer.write('XXXXX');
    expect((await readExactly(b, 5)).toString()).toBe('first');
  });

  it('C4: reset() makes the peer see BrokenResourceError (ECONNRESET) after what it already received', async () => {
    const [a, b] = createMemoryStreamPair();
    await a.sendAll(Buffer.from('before'));
    a.reset();
    expect((await readExactly(b, 6)).toString()).toBe('before');
    const error = await b.recv(10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenResourceError);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    await expect(b.sendAll(Buffer.from('x'))).rejects.toBeInstanceOf(BrokenResourceError);
  });

  it('C5: a sendAll made while an earlier one waits for room is queued behind it, never ahead', async () => {
    const [a, b] = createMemoryStreamPair({ highWaterMark: 4 });
    const first = a.sendAll(Buffer.from('1111111111')); // more than the peer holds: it waits in pieces
    const second = a.sendAll(Buffer.from('22')); // small enough for the fast path, were it not queued
    const received = readExactly(b, 12);
    await Promise.all([first, second]);
    expect((await received).toString()).toBe('111111111122');
  });

  it('O1: reset() ends the peer as peer-reset and this side as local-abort; counts are the bytes each way', async () => {
    const [a, b] = createMemoryStreamPair();
    await a.sendAll(Buffer.from('12345'));
    await readExactly(b, 5);
    a.reset();
    await b.recv(10).catch(() => undefined);
    await b.aclose();
    expect(a.extra(TransportAttribute.termination)).toMatchObject({ reason: 'local-abort', bytesSent: 5, bytesReceived: 0 });
    expect(b.extra(TransportAttribute.termination)).toMatchObject({ reason: 'peer-reset', bytesSent: 0, bytesReceived: 5 });
  });

  it('O1: a peer that closed first ends this side as peer-eof', async () => {
    const [a, b] = createMemoryStreamPair();
    await a.aclose();
    expect((await b.recv(10)).length).toBe(0);
    await b.aclose();
    expect(b.extra(TransportAttribute.termination).reason).toBe('peer-eof');
  });

  it('A1: publishes bufferedBytes and highWaterMark', async () => {
    const [a, b] = createMemoryStreamPair({ highWaterMark: 1000 });
    await a.sendAll(Buffer.alloc(10));
    expect(b.extra(StreamAttribute.bufferedBytes)).toBe(10);
    expect(b.extra(StreamAttribute.highWaterMark)).toBe(1000);
  });
});
