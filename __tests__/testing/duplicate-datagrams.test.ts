/** duplicateDatagrams: seeded duplication (F1, F4). */
import { from, lastValueFrom, map, toArray } from 'rxjs';
import { duplicateDatagrams } from '../../src/testing';

describe('duplicateDatagrams', () => {
  it('F4: each datagram is followed by a separate copy with probability p', async () => {
    const out = await lastValueFrom(from(['a', 'b']).pipe(duplicateDatagrams({ probability: 1, seed: 5 }), toArray()));
    expect(out.map((bytes: Buffer) => bytes.toString())).toEqual(['a', 'a', 'b', 'b']);
    expect(out[1]).not.toBe(out[0]);
    const none = await lastValueFrom(from(['a', 'b']).pipe(duplicateDatagrams({ probability: 0, seed: 5 }), map((bytes: Buffer) => bytes.toString()), toArray()));
    expect(none).toEqual(['a', 'b']);
  });

  it('F1: the same seed duplicates the same datagrams', async () => {
    const run = (seed: number) =>
      lastValueFrom(from(Array.from({ length: 50 }, (_, i) => String(i))).pipe(duplicateDatagrams({ probability: 0.5, seed }), map((bytes: Buffer) => bytes.toString()), toArray()));
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(first.length).toBeGreaterThan(50);
    expect(first.length).toBeLessThan(100);
    expect(await run(4)).not.toEqual(first);
  });

  it('F1: a probability outside 0..1 throws RangeError at once', () => {
    expect(() => duplicateDatagrams({ probability: 2, seed: 1 })).toThrow(RangeError);
  });
});
