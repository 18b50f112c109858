/** marbleDatagramTransport: one datagram per marble value, sent datagrams out of sent$. */
import { map, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ClosedResourceError, datagrams } from '../../src';
import { marbleDatagramTransport } from '../../src/testing';

it('emits each datagram at its frame, records sends, and closes', async () => {
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
    const t = marbleDatagramTransport(cold('-a-b', { a: 'one', b: 'two' }));
    expectObservable(datagrams(t).pipe(map((bytes) => bytes.toString())), '^---!').toBe('-a-b', { a: 'one', b: 'two' });
  });
  const t = marbleDatagramTransport(new Subject<string>());
  await t.send(Buffer.from('out'));
  const sent: string[] = [];
  t.sent$.subscribe((d) => sent.push(d.toString()));
  expect(sent).toEqual(['out']);
  await t.aclose();
  await expect(t.send(Buffer.from('x'))).rejects.toBeInstanceOf(ClosedResourceError);
});
