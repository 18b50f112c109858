/**
 * `latency`: a stream's bytes take time to cross the network, and not always the same time.
 * Every chunk is delayed, by a fixed amount or a seeded jitter, but never overtakes the one
 * before it: a byte stream keeps its order however uneven the delay.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('ab-|', { a: 'x', b: 'y' }).pipe(latency([5, 1, 0]), map(String));
 *   expectObservable(in$).toBe('-----(ab|)', { a: 'x', b: 'y' }); // b (1) cannot overtake a (5)
 * });
 * ```
 */
import { asyncScheduler, Observable, Subscription, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { amounts, type Amounts } from './seeded-random';
import { toBytes } from './marble-stream-transport';

/**
 * Delays each chunk, and the completion or error after the last one, by the next amount of
 * `delays` (scheduler time: a number, a cycled list, or `{ seed, min = 0, max }`), keeping order:
 * an event is due at its arrival plus its delay, or with the event before it if that is later.
 * Throws `RangeError` at once for a negative delay.
 */
export function latency(delays: Amounts, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<string | ArrayBufferView, Buffer> {
  const sequence = amounts(delays, 'latency: delays', { least: 0, defaultMin: 0 });
  return (source) =>
    new Observable<Buffer>((subscriber) => {
      const nextDelay = sequence();
      // One timer for the head of a FIFO: order never depends on how timers of equal due time fire.
      const queue: { due: number; event: () => void }[] = [];
      let timer: Subscription | undefined;
      const arm = (): void => {
        timer = queue.length === 0 ? undefined : scheduler.schedule(fire, Math.max(0, queue[0].due - scheduler.now()));
      };
      const fire = (): void => {
        const now = scheduler.now();
        while (queue.length > 0 && queue[0].due <= now && !subscriber.closed) queue.shift()?.event();
        arm();
      };
      const later = (event: () => void): void => {
        const now = scheduler.now();
        const due = Math.max(now + nextDelay(), queue.at(-1)?.due ?? -Infinity);
        queue.push({ due, event });
        if (timer === undefined) arm();
      };
      const subscription = source.subscribe({
        next: (value) => {
          const bytes = Buffer.from(toBytes(value));
          later(() => subscriber.next(bytes));
        },
        error: (error: unknown) => later(() => subscriber.error(error)),
        complete: () => later(() => subscriber.complete()),
      });
      return () => {
        subscription.unsubscribe();
        timer?.unsubscribe();
      };
    });
}
