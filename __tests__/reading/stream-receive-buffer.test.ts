/** The readable state behind recv: the primitive read$ Observable, its promise, bounds and states. */
import { firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { BrokenResourceError, BusyResourceError, ClosedResourceError } from '../../src';
import { StreamReceiveBuffer } from '../../src/reading/stream-receive-buffer';

function buffer(highWaterMark = 10) {
  const flow = { paused: 0, resumed: 0 };
  const b = new StreamReceiveBuffer(highWaterMark, { pause: () => flow.paused++, resume: () => flow.resumed++ });
  return { b, flow };
}

describe('StreamReceiveBuffer', () => {
  it('read$ emits one chunk and completes, synchronously when data is there (no promise in between)', () => {
    const { b } = buffer();
    b.push(Buffer.from('abc'));
    const seen: string[] = [];
    b.read$(2).subscribe({ next: (c) => seen.push(c.toString()), complete: () => seen.push('|') });
    expect(seen).toEqual(['ab', '|']);
  });

  it('read$ waits for data in virtual time like any Observable', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const { b } = buffer();
      cold('--a', { a: 'xyz' }).subscribe((s) => b.push(Buffer.from(s)));
      expectObservable(b.read$(8)).toBe('--(a|)', { a: Buffer.from('xyz') });
    });
  });

  it('S1: EOF after the data, again and again; recv(0) is empty at once', async () => {
    const { b } = buffer();
    b.push(Buffer.from('last'));
    b.end();
    expect((await b.read(0)).length).toBe(0);
    expect((await b.read(100)).toString()).toBe('last');
    for (let i = 0; i < 3; i++) expect((await b.read(100)).length).toBe(0);
  });

  it('S2: readInto copies across chunks and reports the count; 0 at EOF', async () => {
    const { b } = buffer(100);
    b.push(Buffer.from('ab'));
    b.push(Buffer.from('cde'));
    const target = new Uint8Array(4);
    expect(await b.readInto(target)).toBe(4);
    expect(Buffer.from(target).toString()).toBe('abcd');
    b.end();
    expect(await b.readInto(target)).toBe(1);
    expect(await b.readInto(target)).toBe(0);
  });

  it('S6: pauses its source once highWaterMark bytes are held and resumes once a read drains below', async () => {
    const { b, flow } = buffer(10);
    b.push(Buffer.alloc(6));
    expect(flow.paused).toBe(0);
    b.push(Buffer.alloc(6));
    expect(flow.paused).toBe(1);
    expect(b.buffered).toBe(12);
    await b.read(6);
    expect(flow.resumed).toBe(1);
  });

  it('S6 at the boundary: exactly highWaterMark bytes pause the source; one byte fewer does not', async () => {
    const under = buffer(10);
    under.b.push(Buffer.alloc(9));
    expect(under.flow.paused).toBe(0);
    const at = buffer(10);
    at.b.push(Buffer.alloc(10));
    expect(at.flow.paused).toBe(1);
    await at.b.read(1); // 9 left: below the mark, reading resumes
    expect(at.flow.resumed).toBe(1);
  });

  it('P1: a held buffer pauses its source at once and resumes only on startReading, not on a read', async () => {
    const flow = { paused: 0, resumed: 0 };
    const b = new StreamReceiveBuffer(10, { pause: () => flow.paused++, resume: () => flow.resumed++ }, true);
    expect(flow).toEqual({ paused: 1, resumed: 0 });
    const pending = b.read(5);
    expect(flow.resumed).toBe(0);
    b.startReading();
    b.startReading(); // idempotent
    expect(flow.resumed).toBe(1);
    b.push(Buffer.from('hi'));
    expect((await pending).toString()).toBe('hi');
  });

  it('C4: after a failure, buffered bytes come first, then the error, for good', async () => {
    const { b } = buffer();
    const broken = new BrokenResourceError('x');
    b.push(Buffer.from('ok'));
    b.fail(broken);
    expect((await b.read(10)).toString()).toBe('ok');
    await expect(b.read(10)).rejects.toBe(broken);
    await expect(b.read(10)).rejects.toBe(broken);
  });

  it('C3/C5/C6: close rejects the pending read; a second read is busy; an abort takes nothing', async () => {
    const { b } = buffer();
    const controller = new AbortController();
    const aborted = b.read(5, controller.signal);
    await expect(b.read(5)).rejects.toBeInstanceOf(BusyResourceError);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    b.push(Buffer.from('kept'));
    expect((await b.read(10)).toString()).toBe('kept');
    const pending = b.read(5);
    b.close();
    await expect(pending).rejects.toBeInstanceOf(ClosedResourceError);
    await expect(b.read(0)).rejects.toBeInstanceOf(ClosedResourceError);
    b.push(Buffer.from('ignored'));
    expect(b.buffered).toBe(0);
  });

  it('C3 over C4: once closed, reads reject ClosedResourceError whether the source failed before or after', async () => {
    const failedFirst = buffer().b;
    failedFirst.fail(new BrokenResourceError('before'));
    failedFirst.close();
    await expect(failedFirst.read(10)).rejects.toBeInstanceOf(ClosedResourceError);
    const closedFirst = buffer().b;
    closedFirst.close();
    closedFirst.fail(new BrokenResourceError('after'));
    await expect(closedFirst.read(10)).rejects.toBeInstanceOf(ClosedResourceError);
    // The error a closing transport passes in is the one its reads see.
    const given = new ClosedResourceError('closed by the transport');
    const withError = buffer().b;
    withError.close(given);
    await expect(withError.readInto(new Uint8Array(4))).rejects.toBe(given);
  });

  it('chunks$ emits each chunk in order under one subscription and completes at EOF', () => {
    const { b } = buffer(100);
    const seen: string[] = [];
    let completed = false;
    b.push(Buffer.from('already here'));
    b.chunks$(5).subscribe({ next: (c) => seen.push(c.toString()), complete: () => (completed = true) });
    expect(seen).toEqual(['alrea', 'dy he', 're']);
    b.push(Buffer.from('later'));
    expect(seen).toEqual(['alrea', 'dy he', 're', 'later']);
    b.end();
    expect(completed).toBe(true);
  });

  it('C5/C6: chunks$ holds the one read while subscribed; unsubscribing takes nothing more', async () => {
    const { b } = buffer(100);
    const seen: string[] = [];
    const subscription = b.chunks$(10).subscribe((c) => seen.push(c.toString()));
    await expect(b.read(10)).rejects.toBeInstanceOf(BusyResourceError);
    b.push(Buffer.from('one'));
    subscription.unsubscribe();
    b.push(Buffer.from('two'));
    expect(seen).toEqual(['one']);
    expect((await b.read(10)).toString()).toBe('two');
    // Unsubscribing inside next (take(1)) stops before the next chunk is taken.
    b.push(Buffer.from('three'));
    b.push(Buffer.from('four'));
    expect((await firstValueFrom(b.chunks$(10))).toString()).toBe('three');
    expect((await b.read(10)).toString()).toBe('four');
  });

  it('chunks$: bytes pushed from inside a next come after it, in order; a failure comes after the buffered bytes', () => {
    const { b } = buffer(100);
    const seen: string[] = [];
    let failure: unknown;
    b.chunks$(10).subscribe({
      next: (c) => {
        seen.push(c.toString());
        if (c.toString() === 'ping') b.push(Buffer.from('echo'));
      },
      error: (e: unknown) => (failure = e),
    });
    b.push(Buffer.from('ping'));
    expect(seen).toEqual(['ping', 'echo']);
    const broken = new BrokenResourceError('x');
    b.push(Buffer.from('last'));
    b.fail(broken);
    expect(seen).toEqual(['ping', 'echo', 'last']);
    expect(failure).toBe(broken);
  });

  it('C6: unsubscribing from a pending read$ frees the slot and takes nothing', async () => {
    const { b } = buffer();
    b.read$(5).subscribe().unsubscribe();
    b.push(Buffer.from('data'));
    expect((await b.read(10)).toString()).toBe('data');
  });
  it('handOver (T2): refused while anything could be lost, else later reads reject its error and the flow is left alone', async () => {
    const refusedBy: Array<[string, (b: StreamReceiveBuffer) => void]> = [
      ['unread bytes', (b) => b.push(Buffer.from('x'))],
      ['EOF', (b) => b.end()],
      ['a failure', (b) => b.fail(new Error('reset'))],
      ['a local close', (b) => b.close()],
      ['a pending read', (b) => void b.read(1).catch(() => undefined)],
    ];
    for (const [what, make] of refusedBy) {
      const { b } = buffer();
      make(b);
      expect([what, b.handOver(new BusyResourceError('handed over'))]).toEqual([what, false]);
    }
    const held = new StreamReceiveBuffer(10, { pause: () => undefined, resume: () => undefined }, true);
    expect(held.handOver(new BusyResourceError('handed over'))).toBe(false);

    const { b, flow } = buffer(2);
    const error = new BusyResourceError('handed over');
    expect(b.handOver(error)).toBe(true);
    await expect(b.read(1)).rejects.toBe(error);
    b.push(Buffer.from('more than the mark'));
    expect(flow).toEqual({ paused: 0, resumed: 0 });
    expect(b.buffered).toBe(0);
    await expect(b.read(1)).rejects.toBe(error);
  });
});
