/**
 * `serve(handler)` for connection listeners (L3): handlers run concurrently (up to
 * `concurrency`, later connections waiting in arrival order); a transport is closed gracefully
 * when its handler completes and abruptly when it errors, and the error goes to `onError`
 * while the listener keeps serving.
 *
 * This is `mergeMap(handle, concurrency)` written out by hand. A server holds one handler per
 * idle connection, and an operator chain per connection (defer, from, ignoreElements,
 * concatWith, catchError: five Observables, four subscribers and their closures) cost about
 * 5 KiB each, four times what Node's own socket costs; `whenHandled` waits for a result instead.
 */
import { Observable, type Subscription } from 'rxjs';
import { checkFunction, checkOptions, checkPositive } from '../internal/validate';
import type { AsyncBaseTransport, ConnectionHandler, ServeOptions } from '../core/abc';
import { defaultReporter, reportSafely } from './report';
import { acloseForcefully } from '../core/aclose-forcefully';
import { whenHandled } from './when-handled';

/**
 * Runs `handler` over every transport of `connections$`; see L3. Validates its arguments at once.
 * `handingOut(t)` runs just before `handler(t)`: a transport waiting for a slot is not handed
 * out yet, and a listener keeps it from reading until then (P1).
 */
export function handleConnections<T extends AsyncBaseTransport>(
  connections$: Observable<T>,
  handler: ConnectionHandler<T>,
  options: ServeOptions<T> = {},
  handingOut: (transport: T) => void = () => undefined,
): Observable<never> {
  checkFunction(handler, 'serve: handler');
  checkOptions(options, 'serve: options');
  const { concurrency = Infinity, onError = defaultReporter('connection handler failed') } = options;
  if (concurrency !== Infinity) checkPositive(concurrency, 'serve: options.concurrency');
  checkFunction(onError, 'serve: options.onError');

  return new Observable<never>((subscriber) => {
    // Unsubscribing closes the transports (L5) while their handlers still run; the errors that
    // close causes in them are the teardown itself, not failures to report.
    let tornDown = false;
    let running = 0;
    let sourceDone = false;
    const waiting: T[] = [];
    const innerSubscriptions = new Set<Subscription>();

    const ended = (): void => {
      running--;
      if (tornDown) return;
      const next = waiting.shift();
      if (next !== undefined) start(next);
      else if (sourceDone && running === 0) subscriber.complete();
    };
    const failed = (error: unknown, transport: T): void => {
      void acloseForcefully(transport);
      if (!tornDown) reportSafely(() => onError(error, transport), 'serve: onError');
      ended();
    };
    const completed = (transport: T): void => {
      transport.aclose().then(ended, (error: unknown) => failed(error, transport));
    };
    const start = (transport: T): void => {
      running++;
      let result: ReturnType<ConnectionHandler<T>>;
      try {
        handingOut(transport);
        result = handler(transport);
      } catch (error) {
        return failed(error, transport);
      }
      // Undefined until whenHandled returns: a result that settles at once is never tracked.
      let inner: Subscription | undefined;
      inner = whenHandled(
        result,
        () => {
          if (inner !== undefined) innerSubscriptions.delete(inner);
          completed(transport);
        },
        (error) => {
          if (inner !== undefined) innerSubscriptions.delete(inner);
          failed(error, transport);
        },
      );
      if (inner !== undefined) innerSubscriptions.add(inner);
    };

    // A plain observer, not `subscriber` itself: passing the Subscriber would chain the source's
    // teardown onto it, ahead of this one, and the flag would be set too late.
    const source = connections$.subscribe({
      next: (transport) => (running < concurrency ? start(transport) : void waiting.push(transport)),
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        sourceDone = true;
        if (running === 0) subscriber.complete();
      },
    });
    return () => {
      tornDown = true;
      waiting.length = 0;
      source.unsubscribe();
      for (const inner of innerSubscriptions) inner.unsubscribe();
    };
  });
}

