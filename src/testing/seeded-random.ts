/**
 * The numbers behind the fault operators: fixed, a cycled list, or drawn from a seed. A seed
 * is a 32-bit unsigned integer fed to mulberry32, whose steps are 32-bit integer operations
 * (`Math.imul`, shifts), so one seed gives one sequence on every Node line and every machine:
 * a failure printed with its seed reproduces anywhere.
 */
import { checkOptions } from '../internal/validate';

/** Numbers drawn from `seed`: uniformly distributed integers in `min..max`. */
export interface SeededRange {
  /** A 32-bit unsigned integer: the same seed gives the same sequence everywhere. */
  readonly seed: number;
  /** The smallest number drawn (inclusive). */
  readonly min?: number;
  /** The largest number drawn (inclusive). */
  readonly max?: number;
}

/** A fault's amounts: one number for all, a list used in turn (cycled), or a seeded range. */
export type Amounts = number | readonly number[] | SeededRange;

/** Throws unless `seed` is an integer in 0..2^32-1. */
export function checkSeed(seed: unknown, name: string): asserts seed is number {
  if (typeof seed !== 'number') throw new TypeError(`${name} must be a number, got ${typeof seed}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new RangeError(`${name} must be an integer in 0..4294967295, got ${seed}`);
  }
}

/** A generator of floats in [0, 1) from `seed` (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How `amounts` checks and completes a spec: the least allowed, and the default range. */
export interface AmountRules {
  /** The smallest allowed amount. */
  readonly least: number;
  /** `min` of a seeded range when the spec omits it. */
  readonly defaultMin: number;
  /** `max` of a seeded range when the spec omits it; undefined makes `max` required. */
  readonly defaultMax?: number;
}

/**
 * Checks `spec` at once (`TypeError`/`RangeError` naming `name`) and returns a factory of
 * fresh sequences: each subscription of an operator draws its own, from the start, so a
 * resubscribed fault replays the same amounts.
 */
export function amounts(spec: Amounts, name: string, rules: AmountRules): () => () => number {
  const check = (value: unknown, what: string): number => {
    if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${typeof value}`);
    if (!Number.isSafeInteger(value) || value < rules.least) {
      throw new RangeError(`${what} must be an integer >= ${rules.least}, got ${value}`);
    }
    return value;
  };
  if (typeof spec === 'number') {
    const fixed = check(spec, name);
    return () => () => fixed;
  }
  if (Array.isArray(spec)) {
    const list = (spec as readonly unknown[]).map((value, index) => check(value, `${name}[${index}]`));
    if (list.length === 0) throw new RangeError(`${name} must not be an empty list`);
    return () => {
      let index = 0;
      return () => list[index++ % list.length];
    };
  }
  checkOptions(spec, name);
  if (spec === null) throw new TypeError(`${name} must be a number, a list or { seed, min, max }`);
  const { seed, min = rules.defaultMin } = spec as SeededRange;
  checkSeed(seed, `${name}.seed`);
  const low = check(min, `${name}.min`);
  const rawMax = (spec as SeededRange).max ?? rules.defaultMax;
  if (rawMax === undefined) throw new TypeError(`${name}.max is required`);
  const high = check(rawMax, `${name}.max`);
  if (high < low) throw new RangeError(`${name}.max (${high}) must be >= ${name}.min (${low})`);
  return () => {
    const random = seededRandom(seed);
    return () => low + Math.floor(random() * (high - low + 1));
  };
}

/** Throws unless `p` is a probability: a number in 0..1. */
export function checkProbability(p: unknown, name: string): asserts p is number {
  if (typeof p !== 'number') throw new TypeError(`${name} must be a number, got ${typeof p}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in 0..1, got ${p}`);
}
