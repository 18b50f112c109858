/** Marble listeners keep L2, L5 and L6, and serve(handler) is the real one. */
import { concat, map, NEVER, of, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BusyResourceError, ClosedResourceError, type AsyncStreamTransport } from '../../src';
import { marbleDatagramListener, marbleListener, marbleStreamTransport } from '../../src/testing';

describe('marbleListener', () => {
  it('L2/L5/L6: one subscriber; unsubscribing closes what it emitted; aclose completes serve', async () => {
    const t = marbleStreamTransport(NEVER);
    const listener = marbleListener(concat(of(t as AsyncStreamTransport), NEVER));
    let busy: unknown;
    const first = listener.serve().subscribe();
    listener.serve().subscribe({ error: (e: unknown) => (busy = e) });
    expect(busy).toBeInstanceOf(BusyResourceError);
    first.unsubscribe();
    expect(t.isClosing()).toBe(true);
    let closed: unknown;
    listener.serve().subscribe({ error: (e: unknown) => (closed = e) });
    expect(closed).toBeInstanceOf(ClosedResourceError);

    const open = marbleListener(new Subject<AsyncStreamTransport>());
    let completed = false;
    open.serve().subscribe({ complete: () => (completed = true) });
    await open.aclose();
    expect(completed).toBe(true);
  });

  it('serve(handler) runs the real L3 pipeline in virtual time', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('--|'));
      marbleListener(cold('-a', { a: t }))
        .serve((transport) => transport.sendAll$!(Buffer.from('hi')))
        .subscribe();
      expectObservable(t.sent$.pipe(map((bytes) => bytes.toString()))).toBe('-(a|)', { a: 'hi' });
    });
  });
});

describe('marbleDatagramListener', () => {
  it('emits its pairs and records sendTo in sent$', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const peer = { host: '::1', port: 9 };
      const listener = marbleDatagramListener(cold('-a', { a: ['ping', peer] as const }));
      listener.serve((d, from) => listener.sendTo(Buffer.from(d.toString().toUpperCase()), from)).subscribe();
      expectObservable(listener.sent$.pipe(map(([d, to]) => `${d.toString()}@${to.port}`))).toBe('-a', { a: 'PING@9' });
    });
  });
});
