/** decodeWith: a fresh decoder per subscription; decoder errors end the stream and unsubscribe the source. */
import { Observable, Subject } from 'rxjs';
import { decodeWith } from '../../src/operators/decode-with';

it('gives each subscription its own decoder and tears the source down on a decoder error', () => {
  let made = 0;
  const counting = decodeWith<number>(() => {
    made++;
    let total = 0;
    return {
      push: (chunk) => {
        total += chunk.length;
        if (total > 5) throw new Error('too much');
        return [total];
      },
      end: () => undefined,
    };
  });
  const source = new Subject<Buffer>();
  let tornDown = false;
  const watched = new Observable<Buffer>((s) => {
    const sub = source.subscribe(s);
    return () => {
      tornDown = true;
      sub.unsubscribe();
    };
  });
  const seen: Array<number | string> = [];
  watched.pipe(counting).subscribe({ next: (n) => seen.push(n), error: (e: Error) => seen.push(e.message) });
  watched.pipe(counting).subscribe({ error: () => undefined });
  source.next(Buffer.alloc(3));
  source.next(Buffer.alloc(3));
  expect(made).toBe(2);
  expect(seen).toEqual([3, 'too much']);
  expect(tornDown).toBe(true);
});
