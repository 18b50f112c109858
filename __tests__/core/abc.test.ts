/**
 * The seed's defaults supplied by the abstract base classes, checked on a user-written transport
 * that implements only the abstract methods.
 */
import { firstValueFrom } from 'rxjs';
import { readExactly } from '../support/bytes';
import {
  AbstractAsyncStreamTransport,
  createMemoryStreamPair,
  defaultBackend,
  StreamAttribute,
  TypedAttributeLookupError,
  typedAttribute,
  type AsyncBackend,
  type TypedAttributeMap,
} from '../../src';

/** A transport over an array of chunks: reads come from `incoming`, writes go to `sent`. */
class ArrayTransport extends AbstractAsyncStreamTransport {
  readonly sent: Buffer[] = [];
  closed = 0;
  constructor(private readonly incoming: Buffer[]) {
    super();
  }
  readonly aborted: unknown[] = [];
  async recvInto(buffer: ArrayBufferView, options?: { signal?: AbortSignal }): Promise<number> {
    if (this.incoming.length === 0 && options?.signal !== undefined) {
      // Waits for data that never comes, as a socket would, until aborted.
      const signal = options.signal;
      return new Promise<number>((_, reject) =>
        signal.addEventListener('abort', () => {
          this.aborted.push(signal.reason);
          reject(signal.reason);
        }),
      );
    }
    const head = this.incoming.shift();
    if (head === undefined) return 0;
    const target = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const n = Math.min(head.length, target.length);
    target.set(head.subarray(0, n));
    if (n < head.length) this.incoming.unshift(head.subarray(n));
    return n;
  }
  async sendAll(data: ArrayBufferView): Promise<void> {
    this.sent.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  async sendEof(): Promise<void> {}
  async aclose(): Promise<void> {
    this.closed++;
  }
  isClosing(): boolean {
    return this.closed > 0;
  }
  backend(): AsyncBackend {
    return defaultBackend;
  }
  override get extraAttributes(): TypedAttributeMap {
    return new Map([[StreamAttribute.bufferedBytes, () => this.incoming.length]]);
  }
}

describe('abstract base classes', () => {
  it('recv is derived from recvInto (the seed default), and recv$ from recv', async () => {
    const t = new ArrayTransport([Buffer.from('hello'), Buffer.from('!')]);
    expect((await t.recv(3)).toString()).toBe('hel');
    expect((await firstValueFrom(t.recv$(10))).toString()).toBe('lo');
    expect((await t.recv(10)).toString()).toBe('!');
    expect((await t.recv(10)).length).toBe(0);
    await expect(t.recv(-1)).rejects.toBeInstanceOf(RangeError);
  });

  it('C6: unsubscribing from the derived recv$ aborts the recv it started', () => {
    const t = new ArrayTransport([]);
    t.recv$(10).subscribe().unsubscribe();
    expect(t.aborted).toHaveLength(1);
  });

  it('sendAllFromIterable is derived from sendAll, after validating every chunk', async () => {
    const t = new ArrayTransport([]);
    await expect(t.sendAllFromIterable([Buffer.from('a'), 42 as never])).rejects.toBeInstanceOf(TypeError);
    expect(t.sent).toEqual([]);
    await t.sendAllFromIterable([Buffer.from('a'), new Uint8Array([98])]);
    expect(Buffer.concat(t.sent).toString()).toBe('ab');
  });

  it('C5: the default sendAllFromIterable is never interleaved with a sendAll made while it runs (memory pair)', async () => {
    const [a, b] = createMemoryStreamPair({ highWaterMark: 4 }); // the iterable's chunks have to wait for room
    const batch = a.sendAllFromIterable([Buffer.from('aaaa'), Buffer.from('bbbb'), Buffer.from('cccc')]);
    const single = a.sendAll(Buffer.from('XX'));
    const received = readExactly(b, 14);
    await Promise.all([batch, single]);
    expect((await received).toString()).toBe('aaaabbbbccccXX');
    await a.aclose();
    await b.aclose();
  });

  it('C7: Symbol.asyncDispose calls aclose', async () => {
    const t = new ArrayTransport([]);
    {
      await using _scoped = t;
    }
    expect(t.closed).toBe(1);
  });

  it('A1: extra reads extraAttributes; a missing one throws TypedAttributeLookupError unless a fallback is given', () => {
    const t = new ArrayTransport([Buffer.from('x')]);
    expect(t.extra(StreamAttribute.bufferedBytes)).toBe(1);
    const missing = typedAttribute<string>('missing');
    expect(() => t.extra(missing)).toThrow(TypedAttributeLookupError);
    expect(t.extra(missing, 'fallback')).toBe('fallback');
    expect(t.extra(missing, undefined)).toBeUndefined();
  });
});
