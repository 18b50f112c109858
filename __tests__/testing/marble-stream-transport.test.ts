/** marbleStreamTransport: received bytes from an Observable, sent bytes out of sent$, at exact virtual frames. */
import { from, map, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BrokenResourceError, chunks, ClosedResourceError, sendAllTo, TransportAttribute } from '../../src';
import { marbleStreamTransport } from '../../src/testing';
import { readToEof } from '../support/bytes';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('marbleStreamTransport', () => {
  it('chunks() sees each marble value at its frame; completion is EOF', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('-a--b|', { a: 'x', b: 'yz' }));
      expectObservable(chunks(t).pipe(map((bytes) => bytes.toString()))).toBe('-a--b|', { a: 'x', b: 'yz' });
    });
  });

  it('a multi-chunk sendAllTo lands every chunk on its frame (no promise between writes)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('|'));
      cold('a-b-(c|)', { a: '1', b: '2', c: '3' })
        .pipe(map((s) => Buffer.from(s)), sendAllTo(t, { eof: true }))
        .subscribe();
      expectObservable(t.sent$.pipe(map((bytes) => bytes.toString()))).toBe('a-b-(c|)', { a: '1', b: '2', c: '3' });
    });
  });

  it('an erroring source reads as BrokenResourceError after the data; aclose completes sent$ and closes everything', async () => {
    const t = marbleStreamTransport(from(['data']));
    expect((await readToEof(t)).toString()).toBe('data');
    const failing = marbleStreamTransport(throwError(() => new Error('wire cut')));
    await expect(failing.recv(10)).rejects.toBeInstanceOf(BrokenResourceError);
    let completed = false;
    t.sent$.subscribe({ complete: () => (completed = true) });
    await t.aclose();
    expect(completed).toBe(true);
    await expect(t.sendAll(Buffer.from('x'))).rejects.toBeInstanceOf(ClosedResourceError);
    await expect(t.recv(1)).rejects.toBeInstanceOf(ClosedResourceError);
    await failing.aclose();
    expect(t.extra(TransportAttribute.termination).reason).toBe('peer-eof'); // O1: the marble completed first
    expect(failing.extra(TransportAttribute.termination).reason).toBe('peer-reset');
  });

  it('O1: the termination is on virtual time: a marble transport closed at frame 5 lived 5 ms', () => {
    scheduler().run(({ cold, flush }) => {
      const t = marbleStreamTransport(cold('-a-', { a: 'x' }));
      cold('-----a').subscribe(() => void t.aclose());
      flush();
      expect(t.extra(TransportAttribute.termination)).toMatchObject({ reason: 'local-close', durationMs: 5, bytesReceived: 1, bytesSent: 0 });
    });
  });
});
