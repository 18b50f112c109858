/**
 * `sendAllTo`: an operator that writes each emitted chunk to a stream transport, in order, with
 * backpressure: the next `sendAll` starts only once the previous one resolved (as with `concatMap`).
 * With `{ eof: true }`, the transport is half-closed (`sendEof`) when the source completes.
 * It emits nothing and completes when everything is written.
 *
 * Like `concatMap`, it buffers what the source emits while a write is pending: a source much
 * faster than the peer grows that buffer. Pull from a source you control (or `chunks` of
 * another transport) rather than from a hot firehose.
 *
 * ```ts
 * chunks(client).pipe(sendAllTo(upstream, { eof: true })).subscribe();   // a one-way proxy
 * ```
 */
import { concatWith, defer, EMPTY, ignoreElements, type OperatorFunction } from 'rxjs';
import { serially } from '../internal/serially';
import { checkOptions } from '../internal/validate';
import type { AsyncStreamTransport, AsyncStreamWriteTransport } from '../core/abc';

/** Options of `sendAllTo`. */
export interface SendAllToOptions {
  /** Half-close the transport when the source completes. Default false. */
  readonly eof?: boolean;
}

/**
 * Writes each chunk with `sendAll`, one after another.
 *
 * @example
 * ```ts
 * chunks(transport).pipe(sendAllTo(transport, { eof: true })).subscribe(); // an echo
 * ```
 */
export function sendAllTo(
  transport: AsyncStreamWriteTransport | AsyncStreamTransport,
  options: SendAllToOptions = {},
): OperatorFunction<ArrayBufferView, never> {
  if (typeof transport?.sendAll !== 'function') throw new TypeError('sendAllTo: transport must be an AsyncStreamWriteTransport');
  checkOptions(options, 'sendAllTo: options');
  const { eof = false } = options;
  const sendEof = (transport as Partial<AsyncStreamTransport>).sendEof;
  if (eof && typeof sendEof !== 'function') throw new TypeError('sendAllTo: { eof: true } needs a transport with sendEof');
  const end$ = eof ? defer(() => (transport as AsyncStreamTransport).sendEof()).pipe(ignoreElements()) : EMPTY;
  // The primitive write, when the transport has one, keeps every step synchronous (virtual time).
  const write = typeof transport.sendAll$ === 'function' ? transport.sendAll$.bind(transport) : (chunk: ArrayBufferView) => transport.sendAll(chunk);
  return (source) => source.pipe(serially(write), concatWith(end$));
}
