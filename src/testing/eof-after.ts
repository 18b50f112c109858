/**
 * `eofAfter`: the peer (or a middlebox) closes early. After a given number of bytes the stream
 * completes, and what the source would have sent next is never seen: a reader gets a clean EOF
 * in the middle of a message, the case a framing decoder must report rather than swallow.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('-a-b-|', { a: 'hello', b: 'world' }).pipe(eofAfter(7), map(String));
 *   expectObservable(in$).toBe('-a-(b|)', { a: 'hello', b: 'wo' });
 * });
 * ```
 */
import { defer, EMPTY, map, takeWhile, type Observable, type OperatorFunction } from 'rxjs';
import { checkSize } from '../internal/validate';
import { toBytes } from './marble-stream-transport';

/**
 * Passes chunks until `bytes` have passed (the chunk that crosses the count is cut there), then
 * completes and lets go of the source; `0` completes at once. Throws `RangeError` at once for a
 * negative or fractional count.
 */
export function eofAfter(bytes: number): OperatorFunction<string | ArrayBufferView, Buffer> {
  checkSize(bytes, 'eofAfter: bytes');
  return (source) => defer(() => (bytes === 0 ? EMPTY : firstBytes(source, bytes, () => undefined)));
}

/**
 * The first `count` (> 0) bytes of `source`, cut inside the chunk that reaches it; `onReached`
 * runs when the count is reached, before the result completes. Shared with `resetAfter`.
 */
export function firstBytes(source: Observable<string | ArrayBufferView>, count: number, onReached: () => void): Observable<Buffer> {
  let left = count;
  return source.pipe(
    map((value) => {
      const chunk = toBytes(value);
      const piece = chunk.length < left ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      if (left === 0) onReached();
      return piece;
    }),
    takeWhile(() => left > 0, true),
  );
}
