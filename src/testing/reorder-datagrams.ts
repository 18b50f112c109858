/**
 * `reorderDatagrams`: UDP keeps no order. Datagrams are gathered in batches of `window` and each
 * batch is let out in a seeded shuffle; a batch not full within `maxHold` goes out shuffled as it
 * is, so a lone request is delayed, never stuck.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('abc').pipe(reorderDatagrams({ window: 3, seed: 1 }), map(String));
 *   expectObservable(in$).toBe('--(cab)'); // the order depends only on the seed
 * });
 * ```
 */
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { checkOptions, checkPositive, checkSize } from '../internal/validate';
import { checkSeed, seededRandom } from './seeded-random';
import { toBytes } from './marble-stream-transport';

/** How `reorderDatagrams` shuffles. */
export interface ReorderOptions {
  /** Datagrams per batch (>= 1; 1 changes nothing). */
  readonly window: number;
  /** A 32-bit unsigned integer: the same seed gives the same shuffles. */
  readonly seed: number;
  /** The longest a datagram waits for its batch to fill (scheduler time). Default 100. */
  readonly maxHold?: number;
}

/**
 * Lets datagrams out in seeded-shuffled batches of `window`; a batch leaves when full, when
 * `maxHold` has passed since its first datagram, or (before the end or an error) when the source
 * ends. Throws `RangeError` at once for a window below 1 or a negative `maxHold`.
 */
export function reorderDatagrams(options: ReorderOptions, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<string | ArrayBufferView, Buffer> {
  checkOptions(options, 'reorderDatagrams: options');
  if (options === undefined) throw new TypeError('reorderDatagrams: options must be { window, seed }');
  const { window, seed, maxHold = 100 } = options;
  checkPositive(window, 'reorderDatagrams: window');
  checkSeed(seed, 'reorderDatagrams: seed');
  checkSize(maxHold, 'reorderDatagrams: maxHold');
  return (source) =>
    new Observable<Buffer>((subscriber) => {
      const random = seededRandom(seed);
      let batch: Buffer[] = [];
      let timer: Subscription | undefined;
      const release = (): void => {
        timer?.unsubscribe();
        timer = undefined;
        const out = batch;
        batch = [];
        // Fisher-Yates, driven by the seed.
        for (let i = out.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [out[i], out[j]] = [out[j], out[i]];
        }
        for (const datagram of out) subscriber.next(datagram);
      };
      const subscription = source.subscribe({
        next: (value) => {
          batch.push(Buffer.from(toBytes(value)));
          if (batch.length >= window) release();
          else timer ??= scheduler.schedule(release, maxHold);
        },
        error: (error: unknown) => {
          release();
          subscriber.error(error);
        },
        complete: () => {
          release();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        timer?.unsubscribe();
      };
    });
}
