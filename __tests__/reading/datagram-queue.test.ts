/** The readable state behind datagram recv: whole datagrams, bounded and counted (D2), states C3/C4. */
import { BrokenResourceError, ClosedResourceError } from '../../src';
import { DatagramQueue } from '../../src/reading/datagram-queue';

describe('DatagramQueue', () => {
  it('D2: keeps the first `limit` datagrams in order and counts the rest as dropped', async () => {
    const queue = new DatagramQueue(2);
    ['a', 'b', 'c', 'd'].forEach((d) => queue.push(Buffer.from(d)));
    expect([queue.queued, queue.dropped]).toEqual([2, 2]);
    expect((await queue.read()).toString()).toBe('a');
    queue.push(Buffer.from('e'));
    expect((await queue.read()).toString()).toBe('b');
    expect((await queue.read()).toString()).toBe('e');
  });

  it('read$ emits synchronously when a datagram waits, and on arrival otherwise', () => {
    const queue = new DatagramQueue(4);
    const seen: string[] = [];
    queue.read$().subscribe((d) => seen.push(d.toString()));
    expect(seen).toEqual([]);
    queue.push(Buffer.from('x'));
    expect(seen).toEqual(['x']);
  });

  it('C4/C3: queued datagrams come before a failure; close rejects everything after', async () => {
    const queue = new DatagramQueue(4);
    const broken = new BrokenResourceError('icmp');
    queue.push(Buffer.from('kept'));
    queue.fail(broken);
    expect((await queue.read()).toString()).toBe('kept');
    await expect(queue.read()).rejects.toBe(broken);
    queue.close();
    await expect(queue.read()).rejects.toBeInstanceOf(ClosedResourceError);
    queue.push(Buffer.from('late'));
    expect(queue.queued).toBe(0);
  });
});
