/** eofAfter: a clean EOF in the middle of a message (F3). */
import { from, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { decodeLengthPrefixed, IncompleteFrameError, chunks } from '../../src';
import { eofAfter, marbleStreamTransport } from '../../src/testing';
import { readToEof } from '../support/bytes';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('eofAfter', () => {
  it('F3: completes right after the count, cutting the chunk that reaches it', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b-c|', { a: 'abc', b: 'def', c: 'g' }).pipe(eofAfter(5), map((bytes: Buffer) => bytes.toString()))).toBe('a-(d|)', { a: 'abc', d: 'de' });
      expectObservable(cold('a-b|', { a: 'abc' }).pipe(eofAfter(0))).toBe('|');
    });
  });

  it('F3: a reader sees EOF after the count; a framing decoder reports the cut frame', async () => {
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('hello')]);
    const t = marbleStreamTransport(from([frame]).pipe(eofAfter(6)));
    expect(await readToEof(t)).toEqual(frame.subarray(0, 6));
    const u = marbleStreamTransport(from([frame]).pipe(eofAfter(6)));
    const decoded = new Promise((resolve) => chunks(u).pipe(decodeLengthPrefixed()).subscribe({ error: resolve }));
    expect(await decoded).toBeInstanceOf(IncompleteFrameError);
  });

  it('F1: a negative or fractional count throws RangeError at once', () => {
    expect(() => eofAfter(-1)).toThrow(RangeError);
    expect(() => eofAfter(2.5)).toThrow(RangeError);
  });
});
