/**
 * `rechunk`: the network's way of splitting what was sent. A stream protocol that assumes one
 * message per chunk passes every test whose chunks are the sender's own; this operator cuts
 * each chunk into pieces, down to single bytes, so such a protocol fails where it would on a
 * real network. Bytes and their order are unchanged; pieces of one chunk are emitted together,
 * in the frame the chunk arrived (combine with `latency` to spread them, `coalesce` to glue).
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('-a', { a: 'hello' }).pipe(rechunk([2, 1]), map(String));
 *   expectObservable(in$).toBe('-(abc)', { a: 'he', b: 'l', c: 'lo' }); // sizes 2, 1, then 2 again
 * });
 * ```
 */
import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import { amounts, type Amounts } from './seeded-random';
import { toBytes } from './marble-stream-transport';

/**
 * Cuts every chunk into pieces whose sizes are taken in turn from `sizes`: a number (1 = byte by
 * byte), a list used cyclically, or `{ seed, min = 1, max = 16 }` for seeded random sizes. A
 * piece never spans two chunks: a chunk's last piece is what remains of it. Throws
 * `RangeError` at once for a size below 1.
 */
export function rechunk(sizes: Amounts): OperatorFunction<string | ArrayBufferView, Buffer> {
  const sequence = amounts(sizes, 'rechunk: sizes', { least: 1, defaultMin: 1, defaultMax: 16 });
  return (source) =>
    defer(() => {
      const nextSize = sequence();
      return source.pipe(
        mergeMap((value) => {
          const bytes = toBytes(value);
          const pieces: Buffer[] = [];
          for (let offset = 0; offset < bytes.length; ) {
            const size = nextSize();
            pieces.push(bytes.subarray(offset, offset + size));
            offset += size;
          }
          return pieces;
        }),
      );
    });
}
