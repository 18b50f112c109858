/** coalesce: the network's gluing, bounded in time (F2). */
import { map, throwError, concat, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { coalesce, marbleStreamTransport } from '../../src/testing';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('coalesce', () => {
  it('F2: chunks within the window of the first are glued and emitted when the window ends', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab-c----d--', { a: '1', b: '2', c: '3', d: '4' }).pipe(coalesce(3), map((bytes: Buffer) => bytes.toString()))).toBe('---x-------y', { x: '123', y: '4' });
    });
  });

  it('F2: window 0 glues what arrives in one frame, and only that', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('(ab)-c', { a: 'x', b: 'y', c: 'z' }).pipe(coalesce(0), map((bytes: Buffer) => bytes.toString()))).toBe('g----c', { g: 'xy', c: 'z' });
    });
  });

  it('F2: a reader sees two messages as one read: the case a one-message-per-chunk protocol gets wrong', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('ab|', { a: 'PING\n', b: 'PING\n' }).pipe(coalesce(1)));
      expectObservable(t.recv$(1024).pipe(map((bytes: Buffer) => bytes.toString()))).toBe('-(p|)', { p: 'PING\nPING\n' });
    });
  });

  it('F2: completion and errors flush the group first', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|', { a: '1', b: '2' }).pipe(coalesce(10), map((bytes: Buffer) => bytes.toString()))).toBe('--(x|)', { x: '12' });
      const failure = new Error('boom');
      expectObservable(concat(of('1'), throwError(() => failure)).pipe(coalesce(10), map((bytes: Buffer) => bytes.toString()))).toBe('(x#)', { x: '1' }, failure);
    });
  });

  it('F1: a negative or fractional window throws RangeError at once', () => {
    expect(() => coalesce(-1)).toThrow(RangeError);
    expect(() => coalesce(0.5)).toThrow(RangeError);
  });
});
