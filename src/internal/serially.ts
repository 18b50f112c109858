/**
 * `serially`: the write loop of the sending operators (`sendAllTo`, `sendTo`). What `concatMap`
 * with a `defer` per item does, without the per-item Observable, inner subscriber and
 * `ignoreElements` stage: on a server answering small messages that machinery cost more than
 * the send itself. Same contract: one write at a time, in order; items wait (unbounded, as
 * `concatMap`'s do) while one is pending; the first failure errors the result; completion
 * follows the source's once every write is done; unsubscribing drops what waits.
 *
 * A write may return a promise or an Observable (a transport's primitive `sendAll$`): an
 * Observable that completes synchronously lets the next write start in the same call stack, so
 * marble tests keep every write on its frame. So does `SENT`, the settled promise a transport
 * returns when the bytes already left: nothing is left to wait for.
 */
import { isObservable, Observable, type OperatorFunction, type Subscription } from 'rxjs';
import { SENT } from './sent';

/** Runs `write(item)` for each item, one at a time; emits nothing. */
export function serially<T>(write: (item: T) => PromiseLike<unknown> | Observable<unknown>): OperatorFunction<T, never> {
  return (source) =>
    new Observable<never>((subscriber) => {
      const waiting: T[] = [];
      let head = 0;
      let busy = false;
      let sourceDone = false;
      let pending: Subscription | undefined;
      const fail = (error: unknown): void => subscriber.error(error);
      const resume = (): void => {
        busy = false;
        pending = undefined;
        drain();
      };
      const drain = (): void => {
        while (!busy && head < waiting.length && !subscriber.closed) {
          const item = waiting[head];
          waiting[head++] = undefined as T;
          if (head === waiting.length) {
            waiting.length = 0;
            head = 0;
          }
          busy = true;
          let result: PromiseLike<unknown> | Observable<unknown>;
          try {
            result = write(item);
          } catch (error) {
            return fail(error);
          }
          if (result === SENT) {
            busy = false;
            continue;
          }
          if (!isObservable(result)) {
            result.then(resume, fail);
            return;
          }
          let inCall = true;
          let completedInCall = false;
          const subscription = result.subscribe({
            error: fail,
            complete: () => {
              if (inCall) completedInCall = true;
              else resume();
            },
          });
          inCall = false;
          if (completedInCall) busy = false;
          else pending = subscription;
        }
        if (!busy && sourceDone && head === waiting.length) subscriber.complete();
      };
      const subscription = source.subscribe({
        next: (item) => {
          waiting.push(item);
          drain();
        },
        error: fail,
        complete: () => {
          sourceDone = true;
          drain();
        },
      });
      return () => {
        subscription.unsubscribe();
        pending?.unsubscribe();
        waiting.length = 0;
      };
    });
}
