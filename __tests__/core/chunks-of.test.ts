/** chunksOf: every chunk of a stream transport until EOF, from one subscription, over a real TCP connection. */
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import type { AsyncStreamReadTransport, AsyncStreamTransport } from '../../src';
import { chunksOf } from '../../src/core/chunks-of';
import { readExactly } from '../support/bytes';
import { tcpKind } from '../support/pairs';
import { checkResources } from '../support/resources';
import { waitFor } from '../support/wait';

checkResources();

interface Counted {
  readonly transport: AsyncStreamReadTransport;
  readonly calls: { recv$: number; chunks$: number };
}

/** `b`'s reads, counted, with or without its `chunks$` (a user-written transport has none). */
function counted(b: AsyncStreamTransport, withChunks: boolean): Counted {
  const calls = { recv$: 0, chunks$: 0 };
  const recv$ = (bufsize: number): Observable<Buffer> => (calls.recv$++, b.recv$(bufsize));
  const chunks$ = (bufsize: number): Observable<Buffer> => (calls.chunks$++, b.chunks$!(bufsize));
  const transport = (withChunks ? { recv$, chunks$ } : { recv$ }) as unknown as AsyncStreamReadTransport;
  return { transport, calls };
}

/** A peer's 'hello world' and EOF, read to the end with `chunksOf(…, 4)` through a counted transport. */
async function readHelloWorld(withChunks: boolean): Promise<{ got: Buffer[]; calls: Counted['calls'] }> {
  const { a, b } = await tcpKind.open();
  const { transport, calls } = counted(b, withChunks);
  const all = lastValueFrom(chunksOf(transport, 4).pipe(toArray()));
  await a.sendAll(Buffer.from('hello world'));
  await a.sendEof();
  return { got: await all, calls };
}

describe('chunksOf', () => {
  it('reads through the transport’s chunks$ when it has one: one call for every chunk, no recv$', async () => {
    const { got, calls } = await readHelloWorld(true);
    expect(Buffer.concat(got).toString()).toBe('hello world');
    expect(got.length).toBeGreaterThanOrEqual(3);
    expect(calls).toEqual({ recv$: 0, chunks$: 1 });
  });

  it('without chunks$ (a user-written transport), repeats recv$ until EOF, each chunk 1..bufsize bytes', async () => {
    const { got, calls } = await readHelloWorld(false);
    expect(Buffer.concat(got).toString()).toBe('hello world');
    expect(got.every((c) => c.length > 0 && c.length <= 4)).toBe(true);
    // One read per chunk, and the one that saw EOF.
    expect(calls.recv$).toBe(got.length + 1);
  });

  it.each([true, false])('C6: unsubscribing takes nothing more from the transport (chunks$: %s)', async (withChunks) => {
    const { a, b } = await tcpKind.open();
    const { transport } = counted(b, withChunks);
    const got: Buffer[] = [];
    const subscription = chunksOf(transport, 1024).subscribe((chunk) => got.push(chunk));
    await a.sendAll(Buffer.from('first'));
    await waitFor(() => Buffer.concat(got).length === 5, 'the first chunk');
    subscription.unsubscribe();
    await a.sendAll(Buffer.from('second'));
    expect((await readExactly(b, 6)).toString()).toBe('second');
    expect(Buffer.concat(got).toString()).toBe('first');
  });
});
