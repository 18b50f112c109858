/** reorderDatagrams: seeded shuffles within a window, never stuck (F1, F4). */
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { reorderDatagrams } from '../../src/testing';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

function order(seed: number, window: number, count = 12): string[] {
  const out: string[] = [];
  scheduler().run(({ cold }) => {
    const values = Object.fromEntries([...'abcdefghijklmnop'].slice(0, count).map((key) => [key, key]));
    cold(`${Object.keys(values).join('')}|`, values)
      .pipe(reorderDatagrams({ window, seed }), map((bytes: Buffer) => bytes.toString()))
      .subscribe((datagram) => out.push(datagram));
  });
  return out;
}

describe('reorderDatagrams', () => {
  it('F4: a batch leaves shuffled when full; nothing is lost or added', () => {
    const out = order(2, 4);
    expect([...out].sort()).toEqual([...'abcdefghijkl']);
    expect(out).not.toEqual([...'abcdefghijkl']);
    // Batches of 4: each shuffle stays within its batch.
    expect([...out.slice(0, 4)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('F1: the same seed shuffles the same way; window 1 changes nothing', () => {
    expect(order(2, 4)).toEqual(order(2, 4));
    expect(order(2, 4)).not.toEqual(order(3, 4));
    expect(order(9, 1)).toEqual([...'abcdefghijkl']);
  });

  it('F4: a batch that does not fill leaves after maxHold, so a lone request is delayed, not stuck', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a', { a: 'ping' }).pipe(reorderDatagrams({ window: 3, seed: 1, maxHold: 5 }), map((bytes: Buffer) => bytes.toString()))).toBe('-----a', { a: 'ping' });
    });
  });

  it('F1: a window of 0 or a negative maxHold throws RangeError at once', () => {
    expect(() => reorderDatagrams({ window: 0, seed: 1 })).toThrow(RangeError);
    expect(() => reorderDatagrams({ window: 2, seed: 1, maxHold: -1 })).toThrow(RangeError);
  });
});
