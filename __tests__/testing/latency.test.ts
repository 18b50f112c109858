/** latency: delay with jitter that never reorders a stream (F1, F2). */
import { map, throwError, concat, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { latency } from '../../src/testing';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('latency', () => {
  it('F2: a fixed delay shifts every chunk and the completion', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b|', { a: 'x', b: 'y' }).pipe(latency(4), map((bytes: Buffer) => bytes.toString()))).toBe('----a-b|', { a: 'x', b: 'y' });
    });
  });

  it('F1/F2: seeded jitter delays chunks differently, never reorders them, and repeats with its seed', () => {
    const values = Object.fromEntries([...'abcdefghij'].map((key, index) => [key, String(index)]));
    const seen = (seed: number): [number, string][] => {
      const testScheduler = scheduler();
      const out: [number, string][] = [];
      testScheduler.run(({ cold }) => {
        cold('abcdefghij|', values)
          .pipe(latency({ seed, max: 30 }))
          .subscribe((chunk) => out.push([testScheduler.now(), chunk.toString()]));
      });
      return out;
    };
    const first = seen(9);
    expect(first.map(([, value]) => value).join('')).toBe('0123456789');
    expect(first.every(([frame], i) => i === 0 || frame >= first[i - 1][0])).toBe(true);
    expect(new Set(first.map(([frame], i) => frame - i)).size).toBeGreaterThan(1);
    expect(seen(9)).toEqual(first);
    expect(seen(10)).not.toEqual(first);
  });

  it('F2: an error waits behind the chunks still delayed', () => {
    scheduler().run(({ expectObservable }) => {
      const failure = new Error('reset');
      expectObservable(concat(of('x'), throwError(() => failure)).pipe(latency([3, 0]), map((bytes: Buffer) => bytes.toString()))).toBe('---(x#)', { x: 'x' }, failure);
    });
  });

  it('F1: a negative delay throws RangeError at once; a seeded range needs its max', () => {
    expect(() => latency(-1)).toThrow(RangeError);
    expect(() => latency([0, -2])).toThrow(RangeError);
    expect(() => latency({ seed: 1 })).toThrow(TypeError);
  });
});
