/** decodeWith: a fresh decoder per subscription; decoder errors end the stream and unsubscribe the source. */
import { lastValueFrom, map, Observable, range, Subject, take, tap } from 'rxjs';
import { decodeLines, FrameTooLargeError } from '../../src';
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

it('a refusal stops a synchronous source at once: nothing more is pulled or concatenated', async () => {
  let pulled = 0;
  const source$ = range(0, 160).pipe(
    map(() => Buffer.alloc(64 * 1024, 0x61)),
    tap(() => void pulled++),
  );
  await expect(lastValueFrom(source$.pipe(decodeLines({ maxLineLength: 64 * 1024 })))).rejects.toBeInstanceOf(FrameTooLargeError);
  expect(pulled).toBe(2); // the chunk that crossed the limit is the last one taken
});

it('a consumer that unsubscribes stops a synchronous source at once', () => {
  let pulled = 0;
  let failure: unknown;
  const lines: string[] = [];
  range(0, 1_000)
    .pipe(
      map((i) => Buffer.from(`${i}\n`)),
      tap(() => void pulled++),
      decodeLines(),
      take(3),
    )
    // An error handler, so a decoder failure fails this test instead of RxJS's unhandled-error path.
    .subscribe({ next: (line) => lines.push(line), error: (e: unknown) => (failure = e) });
  expect(failure).toBeUndefined();
  expect(lines).toEqual(['0', '1', '2']);
  expect(pulled).toBe(3);
});
