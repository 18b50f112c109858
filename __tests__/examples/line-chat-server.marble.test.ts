/**
 * examples/line-chat-server.ts in virtual time: marble transports, no sockets, no promises
 * between a frame and what it causes. The 5 s idle timeout fires at its virtual frame.
 */
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { marbleListener, marbleStreamTransport } from '../../src/testing';
import { chatServer } from '../../examples/line-chat-server';

it('broadcasts each line to the other users and closes a user after 5 s of silence (virtual time)', () => {
  const started = Date.now();
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
    const alice = marbleStreamTransport(cold('a 9ms b', { a: 'hi\n', b: 'bye\n' }));
    const bob = marbleStreamTransport(cold('---c', { c: 'yo\n' }));
    const listener = marbleListener(cold('ab', { a: alice, b: bob }));
    chatServer(listener, { idleTimeout: 5_000 }).subscribe();
    // Bob joins at 1 ms (after "hi"); he hears "bye" at 10 ms, and is closed 5 s after his last line (3 ms).
    expectObservable(bob.sent$.pipe(map((bytes) => bytes.toString()))).toBe('-w 8ms x 4992ms |', { w: 'welcome user2\n', x: 'user1: bye\n' });
    // Alice hears Bob at 3 ms, and is closed 5 s after her last line (10 ms).
    expectObservable(alice.sent$.pipe(map((bytes) => bytes.toString()))).toBe('w 2ms y 5006ms |', { w: 'welcome user1\n', y: 'user2: yo\n' });
  });
  expect(Date.now() - started).toBeLessThan(1_000);
});
