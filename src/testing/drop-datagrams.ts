/**
 * `dropDatagrams`: UDP loses datagrams, and a protocol over it must retry or give up. Each
 * datagram is dropped with a fixed probability, drawn from a seed, so a run that fails is the
 * same run every time.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const in$ = cold('abcd|').pipe(dropDatagrams({ probability: 0.5, seed: 3 }), map(String));
 *   expectObservable(in$).toBe('a---|'); // which ones go depends only on the seed
 * });
 * ```
 */
import { defer, filter, map, type OperatorFunction } from 'rxjs';
import { checkOptions } from '../internal/validate';
import { checkProbability, checkSeed, seededRandom } from './seeded-random';
import { toBytes } from './marble-stream-transport';

/** How often, and from which seed, datagrams are lost or doubled. */
export interface DatagramFaultOptions {
  /** The chance, 0..1, for each datagram. */
  readonly probability: number;
  /** A 32-bit unsigned integer: the same seed picks the same datagrams. */
  readonly seed: number;
}

/** Drops each datagram with `probability` (seeded). Throws `RangeError` at once for p outside 0..1. */
export function dropDatagrams(options: DatagramFaultOptions): OperatorFunction<string | ArrayBufferView, Buffer> {
  const { probability, seed } = checkDatagramFault(options, 'dropDatagrams');
  return (source) =>
    defer(() => {
      const random = seededRandom(seed);
      return source.pipe(
        map(toBytes),
        filter(() => random() >= probability),
      );
    });
}

/** Checks the options of `dropDatagrams` and `duplicateDatagrams`. */
export function checkDatagramFault(options: DatagramFaultOptions, name: string): DatagramFaultOptions {
  checkOptions(options, `${name}: options`);
  if (options === undefined) throw new TypeError(`${name}: options must be { probability, seed }`);
  checkProbability(options.probability, `${name}: probability`);
  checkSeed(options.seed, `${name}: seed`);
  return options;
}
