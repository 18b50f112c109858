/** chunks: a stream transport's bytes as an Observable, over a real TCP connection. */
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { BrokenResourceError, BusyResourceError, chunks, decodeLines, type AsyncStreamReadTransport } from '../../src';
import { readExactly } from '../support/bytes';
import { tcpKind } from '../support/pairs';
import { checkResources } from '../support/resources';

checkResources();

describe('chunks', () => {
  it('emits every byte in order and completes at EOF; the transport stays open', async () => {
    const { a, b } = await tcpKind.open();
    const all = lastValueFrom(chunks(b, { bufsize: 3 }).pipe(toArray()));
    await a.sendAll(Buffer.from('hello world'));
    await a.sendEof();
    const got = await all;
    expect(Buffer.concat(got).toString()).toBe('hello world');
    expect(got.every((c) => c.length > 0 && c.length <= 3)).toBe(true);
    expect(b.isClosing()).toBe(false);
  });

  it('C6: unsubscribing stops reading and takes nothing more from the transport', async () => {
    const { a, b } = await tcpKind.open();
    await a.sendAll(Buffer.from('first\n'));
    expect(await firstValueFrom(chunks(b).pipe(decodeLines(), take(1)))).toBe('first');
    await a.sendAll(Buffer.from('second'));
    expect((await readExactly(b, 6)).toString()).toBe('second');
  });

  it('C4: errors with the transport’s error', async () => {
    const { a, b } = await tcpKind.open();
    const all = lastValueFrom(chunks(b));
    tcpKind.breakPeer(a);
    await expect(all).rejects.toBeInstanceOf(BrokenResourceError);
  });

  it('over a transport without chunks$ (a user-written one), repeats its recv$ until EOF', async () => {
    const { a, b } = await tcpKind.open();
    const userWritten = { recv$: (bufsize: number) => b.recv$(bufsize) } as unknown as AsyncStreamReadTransport;
    const all = lastValueFrom(chunks(userWritten, { bufsize: 4 }).pipe(toArray()));
    await a.sendAll(Buffer.from('hello world'));
    await a.sendEof();
    const got = await all;
    expect(Buffer.concat(got).toString()).toBe('hello world');
    expect(got.every((c) => c.length > 0 && c.length <= 4)).toBe(true);
  });

  it('C5: one subscription holds the read; a second subscriber errors BusyResourceError', async () => {
    const { a, b } = await tcpKind.open();
    const first = firstValueFrom(chunks(b));
    await expect(firstValueFrom(chunks(b))).rejects.toBeInstanceOf(BusyResourceError);
    await a.sendAll(Buffer.from('x'));
    expect((await first).toString()).toBe('x');
  });

  it('C8: refuses what is not a stream transport, and a bad bufsize', () => {
    expect(() => chunks({} as never)).toThrow(TypeError);
    // Named as rxnet's check, not as a property read of undefined.
    expect(() => chunks(undefined as never)).toThrow(/^chunks: transport must be/);
    expect(() => chunks({ recv$: () => undefined } as never, { bufsize: 0 })).toThrow(RangeError);
    expect(() => chunks({ recv$: () => undefined } as never, { bufsize: 0 })).toThrow(/^chunks: options\.bufsize /);
    expect(() => chunks({ recv$: () => undefined } as never, 'big' as never)).toThrow(/^chunks: options /);
  });
});
