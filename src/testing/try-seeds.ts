/**
 * `trySeeds`: runs a seeded test for many seeds, and makes the first failure say which seed it
 * was, so "fails one run in fifty" becomes "fails with seed 37", reproducible at will.
 *
 * ```ts
 * trySeeds(50, (seed) => testScheduler.run(() => { ... rechunk({ seed }) ... }));
 * // on failure: SeedError: seed 37: expected ... (rerun just it with trySeeds([37], ...))
 * ```
 */
import { checkFunction, checkSize } from '../internal/validate';
import { checkSeed } from './seeded-random';

/** The first seed a test failed with (`code` `'ERR_SEED_FAILED'`); `cause` is the failure. */
export class SeedError extends Error {
  /** Always `'ERR_SEED_FAILED'`. */
  readonly code = 'ERR_SEED_FAILED';

  /**
   * @param seed the seed the test failed with: rerun it alone with `trySeeds([seed], run)`
   * @param cause what the test threw
   */
  constructor(
    readonly seed: number,
    cause: unknown,
  ) {
    super(`seed ${seed}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SeedError';
  }
}

/**
 * Calls `run(seed)` for each seed (`0..count-1`, or the given list) and throws `SeedError` for the
 * first that throws; synchronous, as `TestScheduler.run` is. Throws `TypeError`/`RangeError` at
 * once for a bad count, seed or callback.
 */
export function trySeeds(seeds: number | Iterable<number>, run: (seed: number) => void): void {
  checkFunction(run, 'trySeeds: run');
  let list: Iterable<number>;
  if (typeof seeds === 'number') {
    checkSize(seeds, 'trySeeds: count');
    list = Array.from({ length: seeds }, (_, index) => index);
  } else {
    list = [...seeds];
    for (const seed of list) checkSeed(seed, 'trySeeds: seed');
  }
  for (const seed of list) {
    try {
      run(seed);
    } catch (error) {
      throw new SeedError(seed, error);
    }
  }
}
