/** trySeeds: the first failing seed, named, for reproduction (F1). */
import { SeedError, trySeeds } from '../../src/testing';

describe('trySeeds', () => {
  it('F1: runs each seed in order and names the first that fails, keeping the failure as cause', () => {
    const ran: number[] = [];
    const failure = new Error('mismatch');
    let caught: unknown;
    try {
      trySeeds(10, (seed) => {
        ran.push(seed);
        if (seed === 3) throw failure;
      });
    } catch (error) {
      caught = error;
    }
    expect(ran).toEqual([0, 1, 2, 3]);
    expect(caught).toBeInstanceOf(SeedError);
    expect((caught as SeedError).seed).toBe(3);
    expect((caught as SeedError).code).toBe('ERR_SEED_FAILED');
    expect((caught as SeedError).message).toBe('seed 3: mismatch');
    expect((caught as SeedError).cause).toBe(failure);
  });

  it('takes a list of seeds, to rerun just the one that failed', () => {
    const ran: number[] = [];
    trySeeds([37, 5], (seed) => void ran.push(seed));
    expect(ran).toEqual([37, 5]);
  });

  it('F1: a bad count, seed or callback throws at once', () => {
    expect(() => trySeeds(-1, () => undefined)).toThrow(RangeError);
    expect(() => trySeeds([1.5], () => undefined)).toThrow(RangeError);
    expect(() => trySeeds(3, undefined as unknown as () => void)).toThrow(TypeError);
  });
});
