/** serially: the sending operators' write loop, one write at a time, in order (C5). */
import { from, lastValueFrom, NEVER, Observable, of, Subject, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { SENT } from '../../src/internal/sent';
import { serially } from '../../src/internal/serially';

/** A write whose promise the test settles. */
function controlled(): { write: (item: string) => Promise<void>; started: string[]; finish: () => void } {
  const started: string[] = [];
  const settles: Array<() => void> = [];
  return {
    started,
    write: (item) =>
      new Promise<void>((resolve) => {
        started.push(item);
        settles.push(resolve);
      }),
    finish: () => settles.shift()?.(),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('serially', () => {
  it('C5: starts a write only once the previous one resolved, in order, and completes after the last', async () => {
    const { write, started, finish } = controlled();
    let completed = false;
    from(['a', 'b', 'c']).pipe(serially(write)).subscribe({ complete: () => (completed = true) });
    expect(started).toEqual(['a']);
    finish();
    await flush();
    expect(started).toEqual(['a', 'b']);
    finish();
    await flush();
    finish();
    await flush();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(completed).toBe(true);
  });

  it('runs Observable writes that complete synchronously within the same frame (virtual time stays exact)', () => {
    const written: Array<[string, number]> = [];
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    testScheduler.run(({ cold, expectObservable }) => {
      const source = cold('a-(bc)|');
      const write = (item: string) => new Observable<void>((s) => (written.push([item, testScheduler.now()]), s.complete()));
      expectObservable(source.pipe(serially(write))).toBe('------|');
      expectObservable(source.pipe(serially((item: string) => of(item)))).toBe('------|');
    });
    expect(written).toEqual([['a', 0], ['b', 2], ['c', 2]]);
  });

  it('starts the next write in the same call when a write returns SENT (its bytes already left), and completes there', () => {
    const started: string[] = [];
    let completed = false;
    from(['a', 'b', 'c'])
      .pipe(serially((item: string) => (started.push(item), SENT)))
      .subscribe({ complete: () => (completed = true) });
    // No microtask has run: a write that returned any other promise would still hold 'b' back.
    expect(started).toEqual(['a', 'b', 'c']);
    expect(completed).toBe(true);
    const pending: string[] = [];
    from(['a', 'b']).pipe(serially((item: string) => (pending.push(item), Promise.resolve()))).subscribe();
    expect(pending).toEqual(['a']);
  });

  it('errors with the first failure, thrown or rejected, and writes nothing after it', async () => {
    const seen: string[] = [];
    const rejected = lastValueFrom(
      from(['a', 'b']).pipe(serially((item: string) => (seen.push(item), Promise.reject(new Error(`no ${item}`))))),
      { defaultValue: undefined },
    );
    await expect(rejected).rejects.toThrow('no a');
    expect(seen).toEqual(['a']);
    const thrown = lastValueFrom(from(['x']).pipe(serially((): Promise<void> => { throw new TypeError('bad'); })), { defaultValue: undefined });
    await expect(thrown).rejects.toThrow(TypeError);
    await expect(lastValueFrom(from(['y']).pipe(serially(() => throwError(() => new Error('obs')))), { defaultValue: undefined })).rejects.toThrow('obs');
  });

  it('a source error ends it at once, even with a write pending', async () => {
    const source = new Subject<string>();
    let error: unknown;
    source.pipe(serially(() => NEVER)).subscribe({ error: (e: unknown) => (error = e) });
    source.next('a');
    source.error(new Error('source'));
    expect((error as Error).message).toBe('source');
  });

  it('unsubscribing drops what waits and unsubscribes the pending write', async () => {
    const { write, started, finish } = controlled();
    let pendingUnsubscribed = false;
    const source = new Subject<string>();
    const subscription = source
      .pipe(serially((item: string) => (item === 'obs' ? new Observable<void>(() => () => (pendingUnsubscribed = true)) : write(item))))
      .subscribe();
    source.next('a');
    source.next('obs');
    finish();
    await flush();
    subscription.unsubscribe();
    expect(pendingUnsubscribed).toBe(true);
    source.next('late');
    expect(started).toEqual(['a']);
  });
});
