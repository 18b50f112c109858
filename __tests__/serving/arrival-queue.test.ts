/** The hot half of a listener (L1, L2): bounded early queue, one subscriber, end discards leftovers. */
import { ArrivalQueue } from '../../src/serving/arrival-queue';
import { BusyResourceError, ClosedResourceError } from '../../src';

function sink() {
  const got: number[] = [];
  let completed = false;
  return { got, next: (n: number) => got.push(n), complete: () => (completed = true), get completed() { return completed; } };
}

describe('ArrivalQueue', () => {
  it('L1: holds arrivals until a subscriber attaches, then emits them first, in order', () => {
    const queue = new ArrivalQueue<number>(10, () => undefined);
    queue.push(1);
    queue.push(2);
    const s = sink();
    queue.attach(s);
    queue.push(3);
    expect(s.got).toEqual([1, 2, 3]);
    expect(queue.queued).toBe(0);
  });

  it('L1: beyond the bound, arrivals are discarded, not queued', () => {
    const discarded: number[] = [];
    const queue = new ArrivalQueue<number>(2, (n) => discarded.push(n));
    [1, 2, 3, 4].forEach((n) => queue.push(n));
    expect(queue.queued).toBe(2);
    expect(discarded).toEqual([3, 4]);
  });

  it('L2: a second sink is refused with BusyResourceError; after detach, arrivals queue again', () => {
    const queue = new ArrivalQueue<number>(10, () => undefined);
    const first = sink();
    queue.attach(first);
    expect(() => queue.attach(sink())).toThrow(BusyResourceError);
    queue.detach(first);
    queue.push(7);
    expect(first.got).toEqual([]);
    expect(queue.queued).toBe(1);
  });

  it('L6: end completes the sink, discards what nobody took, and refuses later sinks', () => {
    const discarded: number[] = [];
    const queue = new ArrivalQueue<number>(10, (n) => discarded.push(n));
    queue.push(1);
    queue.end();
    queue.push(2);
    expect(discarded).toEqual([1, 2]);
    expect(() => queue.attach(sink())).toThrow(ClosedResourceError);
    const attached = new ArrivalQueue<number>(10, () => undefined);
    const s = sink();
    attached.attach(s);
    attached.end();
    expect(s.completed).toBe(true);
  });
});
