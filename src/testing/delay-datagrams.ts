/**
 * `delayDatagrams`: each datagram crosses the network on its own, so with uneven delays they
 * arrive out of order, as UDP's do. Unlike `latency` (a stream's bytes), nothing here keeps
 * the order; only the end waits, so no datagram is lost to an early completion.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('ab|', { a: 'one', b: 'two' }).pipe(delayDatagrams([4, 1]), map(String));
 *   expectObservable(in$).toBe('--b-(a|)', { a: 'one', b: 'two' }); // two overtakes one
 * });
 * ```
 */
import { asyncScheduler, Observable, Subscription, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { amounts, type Amounts } from './seeded-random';
import { toBytes } from './marble-stream-transport';

/**
 * Delays each datagram by the next amount of `delays` (scheduler time: a number, a cycled list,
 * or `{ seed, min = 0, max }`), independently of the others; completion and errors come once
 * every delayed datagram is out. Throws `RangeError` at once for a negative delay.
 */
export function delayDatagrams(delays: Amounts, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<string | ArrayBufferView, Buffer> {
  const sequence = amounts(delays, 'delayDatagrams: delays', { least: 0, defaultMin: 0 });
  return (source) =>
    new Observable<Buffer>((subscriber) => {
      const nextDelay = sequence();
      const timers = new Subscription();
      let lastDue = -Infinity;
      const at = (due: number, event: () => void): void => {
        const timer: Subscription = scheduler.schedule(() => {
          timers.remove(timer);
          event();
        }, Math.max(0, due - scheduler.now()));
        timers.add(timer);
      };
      const subscription = source.subscribe({
        next: (value) => {
          const bytes = Buffer.from(toBytes(value));
          const due = scheduler.now() + nextDelay();
          lastDue = Math.max(lastDue, due);
          at(due, () => subscriber.next(bytes));
        },
        error: (error: unknown) => at(lastDue, () => subscriber.error(error)),
        complete: () => at(lastDue, () => subscriber.complete()),
      });
      return () => {
        subscription.unsubscribe();
        timers.unsubscribe();
      };
    });
}
