/** replay: a recorded peer played back in virtual time, through a fault if asked (F6). */
import { map, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BrokenResourceError, chunks } from '../../src';
import { rechunk, recordedPeer, RECORDING_FORMAT, replay, replayConnections, type Recording } from '../../src/testing';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const session: Recording<'stream'> = {
  format: RECORDING_FORMAT,
  version: 1,
  kind: 'stream',
  start: 5,
  events: [
    { t: 1, type: 'sent', data: 'hello\n', encoding: 'utf8' },
    { t: 4, type: 'received', data: 'abcdef', encoding: 'utf8' },
    { t: 9, type: 'received', data: 'gh', encoding: 'utf8' },
    { t: 12, type: 'received-eof' },
    { t: 12.5, type: 'closed' },
  ],
};

describe('replay', () => {
  it('F6: the peer side arrives at the recorded times; EOF completes it', () => {
    scheduler().run(({ expectObservable }) => {
      const t = replay(session);
      expectObservable(chunks(t).pipe(map((bytes: Buffer) => bytes.toString()))).toBe('----a----b--|', { a: 'abcdef', b: 'gh' });
    });
  });

  it('F6: a fault between the recorded peer and the code (seeded rechunk) keeps the bytes and their times', () => {
    scheduler().run(({ expectObservable }) => {
      const t = replay(session, { receive: rechunk([4]) });
      expectObservable(chunks(t).pipe(map((bytes: Buffer) => bytes.toString()))).toBe('----(ab)-c--|', { a: 'abcd', b: 'ef', c: 'gh' });
    });
  });

  it('F6: a recorded read error comes back as BrokenResourceError with the recorded cause', async () => {
    const failed: Recording<'stream'> = {
      ...session,
      events: [{ t: 0, type: 'received-error', error: { name: 'BrokenResourceError', message: 'reset', code: 'ECONNRESET' } }],
    };
    const t = replay(failed);
    const error = await t.recv(10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenResourceError);
    expect((error as Error).cause).toMatchObject({ message: 'reset', code: 'ECONNRESET' });
  });

  it('F6: a datagram recording replays datagram by datagram', () => {
    const datagrams: Recording<'datagram'> = {
      format: RECORDING_FORMAT,
      version: 1,
      kind: 'datagram',
      start: 0,
      events: [
        { t: 2, type: 'received', data: 'one', encoding: 'utf8' },
        { t: 2, type: 'received', data: 'two', encoding: 'utf8' },
      ],
    };
    scheduler().run(({ expectObservable }) => {
      const t = replay(datagrams);
      expectObservable(recordedPeer(datagrams).pipe(map((bytes: Buffer) => bytes.toString()))).toBe('--(ab)', { a: 'one', b: 'two' });
      expectObservable(t.recv$().pipe(map((bytes: Buffer) => bytes.toString()))).toBe('--(a|)', { a: 'one' });
    });
  });

  it("F6: replayConnections emits each connection at its recording's start, in order, then completes", () => {
    scheduler().run(({ expectObservable }) => {
      const later = { ...session, start: 8 };
      expectObservable(replayConnections([session, later]).pipe(map(() => 'c'))).toBe('-----c--(c|)');
      const bytes = replayConnections([session]).pipe(map(() => 'x'), toArray());
      expectObservable(bytes).toBe('-----(a|)', { a: ['x'] });
    });
  });

  it('F1: a datagram recording given to replayConnections, or a malformed one, throws TypeError at once', () => {
    expect(() => replayConnections([{ ...session, kind: 'datagram' }])).toThrow(TypeError);
    expect(() => replay({ ...session, format: 'x' } as unknown as Recording)).toThrow(TypeError);
  });
});
