/** examples/udp-metrics-aggregator.ts in virtual time, over a marble datagram listener. */
import { TestScheduler } from 'rxjs/testing';
import { marbleDatagramListener } from '../../src/testing';
import { aggregateMetrics } from '../../examples/udp-metrics-aggregator';

it('totals each metric per 1 s window, skipping garbage and empty windows (virtual time)', () => {
  const peer = { host: '127.0.0.1', port: 5000 };
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
    const listener = marbleDatagramListener(
      cold('a b c 997ms d 2500ms |', {
        a: ['hits:1', peer] as const,
        b: ['hits:2', peer] as const,
        c: ['garbage', peer] as const,
        d: ['latency:30', peer] as const,
      }),
    );
    expectObservable(aggregateMetrics(listener, 1_000)).toBe('1000ms x 999ms y 1500ms |', {
      x: { hits: { count: 2, sum: 3 } },
      y: { latency: { count: 1, sum: 30 } },
    });
  });
});
