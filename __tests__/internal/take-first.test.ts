/**
 * `takeFirst`: a queue's first item, as `shift` takes it, whatever the queue's length (its speed
 * is the benchmarks' to show: the UDP and TCP ping-pong scenarios).
 */
import { takeFirst } from '../../src/internal/take-first';

describe('takeFirst', () => {
  it('takes the items in the order they were queued, from one item or many, and undefined from none', () => {
    const queue: number[] = [];
    expect(takeFirst(queue)).toBeUndefined();
    queue.push(1);
    expect(takeFirst(queue)).toBe(1);
    expect(queue).toEqual([]);
    queue.push(2, 3, 4);
    expect(takeFirst(queue)).toBe(2);
    queue.push(5);
    expect([takeFirst(queue), takeFirst(queue), takeFirst(queue)]).toEqual([3, 4, 5]);
    expect(queue).toEqual([]);
  });
});
