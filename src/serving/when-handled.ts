/**
 * How `serve(handler)` waits for one handler's result without an operator chain per call: a
 * promise (the common case) costs one `then`, nothing costs nothing, and any other
 * ObservableInput is subscribed through `from`, its values ignored.
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
  const subscription = from(result).subscribe({ error: failed, complete: done });
  return subscription.closed ? undefined : subscription;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
