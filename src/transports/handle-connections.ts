/**
 * `serve(handler)` for connection listeners (L3): handlers run concurrently through `mergeMap`;
 * a transport is closed gracefully when its handler completes and abruptly when it errors, and
 * the error goes to `onError` while the listener keeps serving.
 */
import { catchError, concatWith, defer, EMPTY, from, ignoreElements, mergeMap, Observable } from 'rxjs';
import { checkFunction, checkOptions, checkPositive } from '../internal/validate';
import type { AsyncBaseTransport, ConnectionHandler } from './abc';
import { reportSafely, warnOnce } from './report';
import { acloseForcefully } from './utils';

/** Options of `serve(handler, options)` on a connection listener. */
export interface ServeOptions<T> {
  /** How many handlers may run at once; later connections wait in arrival order. Default: no limit. */
  readonly concurrency?: number;
  /** Receives each handler's error (the transport is already being closed abruptly). Default: one warning log. */
  readonly onError?: (error: unknown, transport: T) => void;
}

/** Runs `handler` over every transport of `connections$`; see L3. Validates its arguments at once. */
export function handleConnections<T extends AsyncBaseTransport>(
  connections$: Observable<T>,
  handler: ConnectionHandler<T>,
  options: ServeOptions<T> = {},
): Observable<never> {
  checkFunction(handler, 'serve: handler');
  checkOptions(options, 'serve: options');
  const { concurrency = Infinity, onError = (error: unknown) => warnOnce('connection handler failed', error) } = options;
  if (concurrency !== Infinity) checkPositive(concurrency, 'serve: options.concurrency');
  checkFunction(onError, 'serve: options.onError');

  return new Observable<never>((subscriber) => {
    // Unsubscribing closes the transports (L5) before mergeMap drops the handlers; the errors
    // that close causes in them are the teardown itself, not failures to report.
    let tornDown = false;
    const handle = (transport: T): Observable<never> =>
      defer(() => from(handler(transport) ?? EMPTY)).pipe(
        ignoreElements(),
        concatWith(defer(() => transport.aclose()).pipe(ignoreElements())),
        catchError((error: unknown) => {
          void acloseForcefully(transport);
          if (!tornDown) reportSafely(() => onError(error, transport), 'serve: onError');
          return EMPTY;
        }),
      );
    // A plain observer, not `subscriber` itself: passing the Subscriber would chain the inner
    // teardowns onto it, ahead of this one, and the flag would be set too late.
    const subscription = connections$.pipe(mergeMap(handle, concurrency)).subscribe({
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      tornDown = true;
      subscription.unsubscribe();
    };
  });
}
