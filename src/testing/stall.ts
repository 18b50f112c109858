/**
 * `stall`: the stream stops for a while in the middle, the way a congested path or a full
 * window stops it, then goes on. Nothing is lost or reordered; everything after the stall point
 * (data, completion, error) waits behind it. A reader's timeout (`idleTimeout`, a `timeout`
 * operator) meets the case it exists for.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('-a-b|', { a: 'hello', b: '!' }).pipe(stall({ afterBytes: 2, duration: 5 }), map(String));
 *   expectObservable(in$).toBe('-a----(cd|)', { a: 'he', c: 'llo', d: '!' });
 * });
 * ```
 */
import { asyncScheduler, concat, concatMap, defer, dematerialize, EMPTY, ignoreElements, materialize, of, timer } from 'rxjs';
import type { ObservableNotification, OperatorFunction, SchedulerLike } from 'rxjs';
import { checkOptions, checkSize } from '../internal/validate';
import { toBytes } from './marble-stream-transport';

/** Where and how long `stall` pauses. */
export interface StallOptions {
  /** The pause starts once this many bytes have passed (the chunk that reaches it is cut there); 0: at the first chunk. */
  readonly afterBytes: number;
  /** How long it lasts, in scheduler time (ms, or frames inside `TestScheduler.run`). */
  readonly duration: number;
}

/**
 * Passes the first `afterBytes` bytes, then holds everything that follows for `duration`, once;
 * order is kept. Throws `TypeError`/`RangeError` at once for a missing, negative or
 * fractional option.
 */
export function stall(options: StallOptions, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<string | ArrayBufferView, Buffer> {
  checkOptions(options, 'stall: options');
  if (options === undefined) throw new TypeError('stall: options must be { afterBytes, duration }');
  const { afterBytes, duration } = options;
  checkSize(afterBytes, 'stall: afterBytes');
  checkSize(duration, 'stall: duration');
  return (source) =>
    defer(() => {
      let passed = 0;
      let stalled = false;
      return source.pipe(
        materialize(),
        concatMap((event) => {
          if (stalled || event.kind !== 'N') return of(event as ObservableNotification<Buffer>);
          const chunk = toBytes(event.value);
          if (passed + chunk.length < afterBytes) {
            passed += chunk.length;
            return of<ObservableNotification<Buffer>>({ kind: 'N', value: chunk });
          }
          stalled = true;
          const cut = afterBytes - passed;
          const piece = (bytes: Buffer) => (bytes.length === 0 ? EMPTY : of<ObservableNotification<Buffer>>({ kind: 'N', value: bytes }));
          return concat(piece(chunk.subarray(0, cut)), timer(duration, scheduler).pipe(ignoreElements()), piece(chunk.subarray(cut)));
        }),
        dematerialize(),
      );
    });
}
