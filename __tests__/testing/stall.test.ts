/** stall: a pause after N bytes, nothing lost or reordered (F2). */
import { catchError, map, of, timeout, TimeoutError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { marbleStreamTransport, stall } from '../../src/testing';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('stall', () => {
  it('F2: passes afterBytes, holds the rest of that chunk and everything after for duration, once', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b------c|', { a: 'abc', b: 'de', c: 'f' }).pipe(stall({ afterBytes: 2, duration: 4 }), map((bytes: Buffer) => bytes.toString()))).toBe(
        'a---(xy)-c|',
        { a: 'ab', x: 'c', y: 'de', c: 'f' },
      );
    });
  });

  it('F2: afterBytes 0 holds from the first chunk; the completion waits too', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: 'x' }).pipe(stall({ afterBytes: 0, duration: 3 }), map((bytes: Buffer) => bytes.toString()))).toBe('---(a|)', { a: 'x' });
    });
  });

  it("F2: a stall longer than a reader's patience is what its timeout is for", () => {
    scheduler().run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('a', { a: 'hello' }).pipe(stall({ afterBytes: 0, duration: 100 })));
      const read = t.recv$(10).pipe(
        timeout(50),
        map((bytes: Buffer) => bytes.toString()),
        catchError((error: unknown) => of(error instanceof TimeoutError ? 'timed out' : 'other')),
      );
      expectObservable(read).toBe('50ms (t|)', { t: 'timed out' });
    });
  });

  it('F1: bad options throw at once', () => {
    expect(() => stall({ afterBytes: -1, duration: 1 })).toThrow(RangeError);
    expect(() => stall({ afterBytes: 1, duration: 0.5 })).toThrow(RangeError);
    expect(() => stall(undefined as unknown as { afterBytes: number; duration: number })).toThrow(TypeError);
  });
});
