/**
 * Every chunk of a stream transport until EOF, from one subscription: its `chunks$` where it has
 * one (every rxnet transport does), else its primitive read (`recv$`) repeated until EOF. It
 * completes at EOF, errors with the transport's error, and unsubscribing stops reading without
 * taking anything more from the transport (C6). One subscriber at a time, like `recv` (C5).
 *
 * Unchecked: `chunks` (the operator users call) validates its arguments first; the TLS layer
 * reads its inner transport through this too.
 */
import { defer, repeat, takeWhile, type Observable } from 'rxjs';
import type { AsyncStreamReadTransport } from './abc';

/** `transport`'s chunks of 1..`bufsize` bytes until EOF. */
export function chunksOf(transport: AsyncStreamReadTransport, bufsize: number): Observable<Buffer> {
  if (typeof transport.chunks$ === 'function') return transport.chunks$(bufsize);
  return defer(() => transport.recv$(bufsize)).pipe(
    repeat(),
    takeWhile((chunk) => chunk.length > 0),
  );
}
