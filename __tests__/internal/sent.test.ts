/**
 * SENT: the settled promise a send returns when its bytes already left, which `serially` takes
 * as "go on at once" (S3). Each transport that can know it returns it; a send still queued in
 * Node does not, so nothing waits less than S3 says.
 */
import { createMemoryDatagramPair, createMemoryStreamPair } from '../../src';
import { SENT } from '../../src/internal/sent';
import { readToEof } from '../support/bytes';
import { tcpKind, unixKind } from '../support/pairs';
import { checkResources, own } from '../support/resources';

checkResources();

describe('SENT', () => {
  it.each([tcpKind, unixKind])('is what $name sendAll returns once the kernel took the bytes, and not while Node queues them', async (kind) => {
    const { a, b } = await kind.open();
    expect(a.sendAll(Buffer.from('small'))).toBe(SENT);
    // More than the kernel takes from an unread socket: Node queues the rest, and S3 waits for it.
    const large = Buffer.alloc(16 * 1024 * 1024, 1);
    const queued = a.sendAll(large);
    expect(queued).not.toBe(SENT);
    const received = readToEof(b);
    await queued;
    await a.sendEof();
    expect((await received).length).toBe(5 + large.length);
  });

  it('is what memory sends return when the peer had room: its buffer holds a copy', async () => {
    const [a, b] = createMemoryStreamPair({ highWaterMark: 8 });
    own(a);
    own(b);
    expect(a.sendAll(Buffer.from('12345678'))).toBe(SENT);
    // The peer is full: this send waits for a read.
    const waiting = a.sendAll(Buffer.from('9'));
    expect(waiting).not.toBe(SENT);
    expect((await b.recv(8)).toString()).toBe('12345678');
    await waiting;
    expect((await b.recv(8)).toString()).toBe('9');
    const [x, y] = createMemoryDatagramPair();
    own(x);
    own(y);
    expect(x.send(Buffer.from('datagram'))).toBe(SENT);
    expect((await y.recv()).toString()).toBe('datagram');
  });
});
