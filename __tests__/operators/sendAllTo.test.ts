/** sendAllTo: writes in order, one at a time, then half-closes with { eof: true }; a proxy over real TCP. */
import { from, lastValueFrom } from 'rxjs';
import { chunks, ClosedResourceError, createMemoryStreamPair, sendAllTo } from '../../src';
import { patternBytes, readToEof } from '../support/bytes';
import { tcpKind } from '../support/pairs';
import { checkResources, own } from '../support/resources';

checkResources();

describe('sendAllTo', () => {
  it('writes each chunk in order and sends EOF when the source completes (a TCP proxy)', async () => {
    const client = await tcpKind.open();
    const upstream = await tcpKind.open();
    const data = patternBytes(2 * 1024 * 1024, 3);
    const proxied = lastValueFrom(chunks(client.b).pipe(sendAllTo(upstream.a, { eof: true })), { defaultValue: undefined });
    const received = readToEof(upstream.b);
    await client.a.sendAll(data);
    await client.a.sendEof();
    await proxied;
    expect((await received).equals(data)).toBe(true);
  });

  it('over TCP, writes every chunk the kernel takes in the same call: no promise or microtask per chunk (S3)', async () => {
    const { a, b } = await tcpKind.open();
    const parts = ['one ', 'two ', 'three'].map((text) => Buffer.from(text));
    let completed = false;
    from(parts).pipe(sendAllTo(a)).subscribe({ complete: () => (completed = true) });
    // The kernel took each small write at once, so sendAll resolved each as sent, synchronously.
    expect(completed).toBe(true);
    await a.sendEof();
    expect((await readToEof(b)).toString()).toBe('one two three');
  });

  it('starts the next write only when the previous one resolved', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const slow = {
      sendAll: (data: ArrayBufferView) =>
        new Promise<void>((resolve) => {
          order.push(`start ${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString()}`);
          release = () => (order.push('done'), resolve());
        }),
    };
    const done = lastValueFrom(from([Buffer.from('1'), Buffer.from('2')]).pipe(sendAllTo(slow as never)), { defaultValue: undefined });
    await Promise.resolve();
    expect(order).toEqual(['start 1']);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['start 1', 'done', 'start 2']);
    release();
    await done;
  });

  it('errors with the transport’s error, and validates its arguments', async () => {
    const [a] = createMemoryStreamPair();
    own(a);
    await a.aclose();
    await expect(lastValueFrom(from([Buffer.from('x')]).pipe(sendAllTo(a)))).rejects.toBeInstanceOf(ClosedResourceError);
    expect(() => sendAllTo({} as never)).toThrow(TypeError);
    expect(() => sendAllTo(undefined as never)).toThrow('sendAllTo: transport must be an AsyncStreamWriteTransport');
    expect(() => sendAllTo({ sendAll: () => Promise.resolve() } as never, { eof: true })).toThrow(TypeError);
    expect(() => sendAllTo({ sendAll: () => Promise.resolve() } as never, { eof: true })).toThrow('sendAllTo: { eof: true } needs a transport with sendEof');
    expect(() => sendAllTo({ sendAll: () => Promise.resolve() } as never, 1 as never)).toThrow(/^sendAllTo: options /);
  });
});
