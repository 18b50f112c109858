/**
 * `resetAfter`: the connection dies mid-stream. After a given number of bytes, or at a given
 * time, the stream errors with `InjectedResetError` (`ECONNRESET`), exactly where a peer's RST
 * would end it: fed to a marble transport (or through `withFaults`), reads then reject with
 * `BrokenResourceError`, as after a real reset.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('-a-b-|', { a: 'hello', b: 'world' }).pipe(resetAfter({ bytes: 7 }), map(String));
 *   expectObservable(in$).toBe('-a-(b#)', { a: 'hello', b: 'wo' }, new InjectedResetError());
 * });
 * ```
 */
import { asyncScheduler, concatWith, defer, EMPTY, map, takeUntil, tap, throwError, timer, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { checkOptions, checkSize } from '../internal/validate';
import { firstBytes } from './eof-after';
import { InjectedResetError } from './injected-reset-error';
import { toBytes } from './marble-stream-transport';

/** Where `resetAfter` cuts: after this many bytes, or at this time after subscription. */
export type ResetPoint =
  | {
      /** Reset once this many bytes have passed. */
      readonly bytes: number;
    }
  | {
      /** Reset at this time after subscription (ms, or frames inside `TestScheduler.run`). */
      readonly time: number;
    };

/**
 * Passes chunks until `bytes` have passed (the chunk that crosses the count is cut there) or
 * until `time` (scheduler time after subscription), then errors with `InjectedResetError` and
 * lets go of the source. A source that ends first ends the stream unharmed. Throws `TypeError`
 * or `RangeError` at once for a point that is neither, or negative.
 */
export function resetAfter(point: ResetPoint, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<string | ArrayBufferView, Buffer> {
  checkOptions(point, 'resetAfter: point');
  const bytes = point !== undefined && 'bytes' in point ? point.bytes : undefined;
  const time = point !== undefined && 'time' in point ? point.time : undefined;
  if (bytes !== undefined) checkSize(bytes, 'resetAfter: bytes');
  else if (time !== undefined) checkSize(time, 'resetAfter: time');
  else throw new TypeError('resetAfter: point must be { bytes } or { time }');
  const reset = throwError(() => new InjectedResetError());
  return (source) =>
    defer(() => {
      if (bytes === 0) return reset;
      let reached = false;
      const cut =
        bytes === undefined
          ? source.pipe(
              map(toBytes),
              takeUntil(timer(time ?? 0, scheduler).pipe(tap(() => (reached = true)))),
            )
          : firstBytes(source, bytes, () => (reached = true));
      return cut.pipe(concatWith(defer(() => (reached ? reset : EMPTY))));
    });
}
