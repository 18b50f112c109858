/** dropDatagrams: seeded loss (F1, F4). */
import { from, lastValueFrom, map, toArray } from 'rxjs';
import { dropDatagrams } from '../../src/testing';

const through = (probability: number, seed: number, count = 200) =>
  lastValueFrom(from(Array.from({ length: count }, (_, i) => String(i))).pipe(dropDatagrams({ probability, seed }), map((bytes: Buffer) => bytes.toString()), toArray()));

describe('dropDatagrams', () => {
  it('F4: p = 0 drops nothing, p = 1 drops everything', async () => {
    expect(await through(0, 1)).toHaveLength(200);
    expect(await through(1, 1)).toEqual([]);
  });

  it('F1/F4: a seed drops the same datagrams every time, about p of them, keeping the order of the rest', async () => {
    const kept = await through(0.3, 11);
    expect(await through(0.3, 11)).toEqual(kept);
    expect(await through(0.3, 12)).not.toEqual(kept);
    expect(kept.length).toBeGreaterThan(200 * 0.55);
    expect(kept.length).toBeLessThan(200 * 0.85);
    expect(kept.map(Number)).toEqual([...kept.map(Number)].sort((x, y) => x - y));
  });

  it('F1: a probability outside 0..1, or a bad seed, throws RangeError at once', () => {
    expect(() => dropDatagrams({ probability: 1.5, seed: 1 })).toThrow(RangeError);
    expect(() => dropDatagrams({ probability: -0.1, seed: 1 })).toThrow(RangeError);
    expect(() => dropDatagrams({ probability: Number.NaN, seed: 1 })).toThrow(RangeError);
    expect(() => dropDatagrams({ probability: 0.5, seed: 0.5 })).toThrow(RangeError);
    expect(() => dropDatagrams({ probability: '1' as unknown as number, seed: 1 })).toThrow(TypeError);
  });
});
