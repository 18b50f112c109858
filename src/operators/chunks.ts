/**
 * `src/operators/`: Observable twins of the promise API and framing operators, one export
 * per file. Built on the interfaces of `core/` only, so they work over any transport.
 *
 * `chunks`: a stream transport's incoming bytes as a cold Observable.
 *
 * Built on the transport's `chunks$` where it has one (every rxnet transport does), else on its
 * primitive read (`recv$`) repeated until EOF. Either way it completes at EOF, errors with the
 * transport's error (`BrokenResourceError`, `ClosedResourceError`), and unsubscribing stops
 * reading without taking anything from the transport (C6), which stays open: its owner closes
 * it. One subscriber at a time, like `recv` (C5).
 *
 * ```ts
 * chunks(transport).pipe(decodeLines()).subscribe((line) => console.log(line));
 * ```
 */
import type { Observable } from 'rxjs';
import { checkOptions, checkPositive } from '../internal/validate';
import type { AsyncStreamReadTransport } from '../core/abc';
import { chunksOf } from '../core/chunks-of';

/** Options of `chunks`. */
export interface ChunksOptions {
  /** Largest chunk asked of each read. Default 65 536. */
  readonly bufsize?: number;
}

/**
 * The transport's incoming chunks, each non-empty, until EOF.
 *
 * @example
 * ```ts
 * chunks(transport).pipe(decodeLines()).subscribe((line) => console.log(line));
 * ```
 */
export function chunks(transport: AsyncStreamReadTransport, options: ChunksOptions = {}): Observable<Buffer> {
  if (typeof transport?.recv$ !== 'function') throw new TypeError('chunks: transport must be an AsyncStreamReadTransport');
  checkOptions(options, 'chunks: options');
  const { bufsize = 65_536 } = options;
  checkPositive(bufsize, 'chunks: options.bufsize');
  return chunksOf(transport, bufsize);
}
