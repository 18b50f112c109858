/** resetAfter: a reset mid-stream, as a peer's RST (F3). */
import { from, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BrokenResourceError, TransportAttribute } from '../../src';
import { InjectedResetError, marbleStreamTransport, resetAfter } from '../../src/testing';
import { readToEof } from '../support/bytes';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('resetAfter', () => {
  it('F3: cuts the chunk that reaches the count and errors ECONNRESET right after it', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b-c|', { a: 'abc', b: 'def', c: 'g' }).pipe(resetAfter({ bytes: 4 }), map((bytes: Buffer) => bytes.toString()))).toBe(
        'a-(d#)',
        { a: 'abc', d: 'd' },
        new InjectedResetError(),
      );
    });
  });

  it('F3: at a time, unless the stream ended first', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-----b|', { a: 'x', b: 'y' }).pipe(resetAfter({ time: 3 }), map((bytes: Buffer) => bytes.toString()))).toBe('a--#', { a: 'x' }, new InjectedResetError());
      expectObservable(cold('a|', { a: 'x' }).pipe(resetAfter({ time: 3 }), map((bytes: Buffer) => bytes.toString()))).toBe('a|', { a: 'x' });
      expectObservable(cold('a|', { a: 'x' }).pipe(resetAfter({ bytes: 5 }), map((bytes: Buffer) => bytes.toString()))).toBe('a|', { a: 'x' });
      expectObservable(cold('a|', { a: 'x' }).pipe(resetAfter({ bytes: 0 }))).toBe('#', undefined, new InjectedResetError());
    });
  });

  it('F3: a marble transport fed through it reads the bytes before the reset, then BrokenResourceError caused by ECONNRESET', async () => {
    const t = marbleStreamTransport(from(['hello world']).pipe(resetAfter({ bytes: 5 })));
    await expect(readToEof(t)).rejects.toThrow(BrokenResourceError);
    const error = await t.recv(10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenResourceError);
    expect((error as Error).cause).toBeInstanceOf(InjectedResetError);
    expect(((error as Error).cause as InjectedResetError).code).toBe('ECONNRESET');
    await t.aclose();
    const termination = t.extra(TransportAttribute.termination);
    expect(termination.reason).toBe('peer-reset');
    expect(termination.error).toBeInstanceOf(InjectedResetError);
  });

  it('F1: a point that is neither bytes nor time, or negative, throws at once', () => {
    expect(() => resetAfter({} as { bytes: number })).toThrow(TypeError);
    expect(() => resetAfter({ bytes: -1 })).toThrow(RangeError);
    expect(() => resetAfter({ time: 1.5 })).toThrow(RangeError);
  });
});
