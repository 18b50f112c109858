/**
 * How `serve(handler)` waits for one handler's result without an operator chain per call: a
 * promise (the common case) costs one `then`, nothing costs nothing, and any other
 * ObservableInput is subscribed through `from`, its values ignored. Anything else (a number, a
 * boolean, a plain object) is the handler's failure: a `TypeError` for `onError` (L3).
 */
import { from, type ObservableInput, type Subscription } from 'rxjs';

/**
 * Calls `done` once `result` has completed, or `failed` with its error. Returns the subscription
 * to unsubscribe on teardown while it runs, if `result` is an Observable that is still running.
 */
export function whenHandled(
  result: ObservableInput<unknown> | void,
  done: () => void,
  failed: (error: unknown) => void,
): Subscription | undefined {
  if (result === undefined || result === null) {
    done();
    return undefined;
  }
  if (isPromiseLike(result)) {
    // `done` itself, not a closure around it: a server holds one of these per idle connection.
    result.then(done, failed);
    return undefined;
  }
  let result$;
  try {
    result$ = from(result);
  } catch {
    // `serve((t) => list.push(t))` returns a number: the handler's bug, reported as its failure,
    // never a throw into the shared stream (where RxJS would make it an uncaught exception).
    failed(new TypeError(`serve: the handler returned ${describe(result)}, which is neither nothing nor an ObservableInput (a Promise, an Observable, an iterable)`));
    return undefined;
  }
  const subscription = result$.subscribe({ error: failed, complete: done });
  return subscription.closed ? undefined : subscription;
}

function describe(value: unknown): string {
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  if (typeof value === 'function') return 'a function';
  const primitive = value as string | number | boolean | bigint | symbol | undefined;
  return `${typeof primitive} ${String(primitive)}`;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
