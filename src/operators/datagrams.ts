/**
 * `datagrams`: a datagram transport's incoming datagrams as a cold Observable.
 *
 * Built on the transport's primitive read (`recv$`), repeated. It errors with the transport's
 * error (`BrokenResourceError`), completes once the transport is closed locally, and
 * unsubscribing stops reading without taking a datagram (C6); the transport stays open.
 *
 * ```ts
 * datagrams(transport).pipe(bufferTime(1000)).subscribe((batch) => report(batch.length));
 * ```
 */
import { catchError, defer, EMPTY, repeat, throwError, type Observable } from 'rxjs';
import { ClosedResourceError } from '../errors';
import type { AsyncDatagramReadTransport } from '../core/abc';

/**
 * The transport's incoming datagrams, until it is closed.
 *
 * @example
 * ```ts
 * datagrams(client).pipe(take(3)).subscribe((d) => console.log(d.length));
 * ```
 */
export function datagrams(transport: AsyncDatagramReadTransport): Observable<Buffer> {
  if (typeof transport?.recv$ !== 'function') throw new TypeError('datagrams: transport must be an AsyncDatagramReadTransport');
  return defer(() => transport.recv$()).pipe(
    repeat(),
    catchError((error: unknown) =>
      error instanceof ClosedResourceError && transport.isClosing() ? EMPTY : throwError(() => error),
    ),
  );
}
