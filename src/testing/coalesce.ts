/**
 * `coalesce`: the network's way of gluing what was sent. Chunks that arrive close together are
 * read as one, so a protocol that assumes one message per chunk loses the second message. The
 * glue is bounded in time, as a real receive buffer's is: a chunk is never held longer than
 * `window`, so a request waiting for its answer cannot deadlock here.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('-a-b------c|', { a: 'x', b: 'y', c: 'z' }).pipe(coalesce(3), map(String));
 *   expectObservable(in$).toBe('----g------(c|)', { g: 'xy', c: 'z' });
 * });
 * ```
 */
import { asyncScheduler, Observable, Subscription, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { checkSize } from '../internal/validate';
import { toBytes } from './marble-stream-transport';

/**
 * Glues each chunk with the ones that follow it within `window` (scheduler time: ms, or frames
 * inside `TestScheduler.run`), emitting the group `window` after its first chunk; `0` glues the
 * chunks of one frame. Completion and errors flush the group first. Throws `RangeError` at once
 * for a negative or fractional window.
 */
export function coalesce(window: number, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<string | ArrayBufferView, Buffer> {
  checkSize(window, 'coalesce: window');
  return (source) =>
    new Observable<Buffer>((subscriber) => {
      let group: Buffer[] = [];
      const timers = new Subscription();
      const flush = (): void => {
        if (group.length === 0) return;
        const glued = group.length === 1 ? group[0] : Buffer.concat(group);
        group = [];
        subscriber.next(glued);
      };
      const subscription = source.subscribe({
        next: (value) => {
          const bytes = toBytes(value);
          if (bytes.length === 0) return;
          group.push(bytes);
          if (group.length === 1) {
            const timer: Subscription = scheduler.schedule(() => {
              timers.remove(timer);
              flush();
            }, window);
            timers.add(timer);
          }
        },
        error: (error: unknown) => {
          flush();
          subscriber.error(error);
        },
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        timers.unsubscribe();
      };
    });
}
