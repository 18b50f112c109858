/** delayDatagrams: independent delays that may reorder; the end waits for all (F4). */
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { delayDatagrams } from '../../src/testing';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('delayDatagrams', () => {
  it('F4: each datagram is delayed on its own, so a later one can overtake; completion waits for the last', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|', { a: 'one', b: 'two' }).pipe(delayDatagrams([5, 0]), map((bytes: Buffer) => bytes.toString()))).toBe('-b---(a|)', { a: 'one', b: 'two' });
    });
  });

  it('F1: seeded delays repeat with their seed', () => {
    const frames = (seed: number) => {
      const testScheduler = scheduler();
      const out: number[] = [];
      testScheduler.run(({ cold }) => {
        cold('abcdef|').pipe(delayDatagrams({ seed, max: 20 })).subscribe(() => out.push(testScheduler.now()));
      });
      return out;
    };
    expect(frames(4)).toEqual(frames(4));
    expect(frames(4)).not.toEqual(frames(5));
  });

  it('F1: a negative delay throws RangeError at once', () => {
    expect(() => delayDatagrams(-3)).toThrow(RangeError);
  });
});
