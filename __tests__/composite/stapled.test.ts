/** Stapled transports (K1): the stream and datagram contracts over stapled halves, then every K1 clause. */
import { firstValueFrom } from 'rxjs';
import {
  AsyncStapledDatagramTransport,
  AsyncStapledStreamTransport,
  ClosedResourceError,
  createMemoryDatagramPair,
  createMemoryStreamPair,
  NodeBackend,
  StreamAttribute,
  TransportAttribute,
  UnsupportedOperation,
  typedAttribute,
  type AsyncStreamTransport,
} from '../../src';
import { describeDatagramContract } from '../support/datagram-contract';
import { readExactly, readToEof } from '../support/bytes';
import { stapledKind } from '../support/pairs';
import { checkResources, own } from '../support/resources';
import { describeStreamContract } from '../support/stream-contract';

checkResources();
describeStreamContract(stapledKind);
describeDatagramContract({
  name: 'stapled memory halves',
  async open(options = {}) {
    const [aOut, bIn] = createMemoryDatagramPair(options);
    const [bOut, aIn] = createMemoryDatagramPair(options);
    return { a: own(new AsyncStapledDatagramTransport(aOut, aIn)), b: own(new AsyncStapledDatagramTransport(bOut, bIn)) };
  },
});

/** A plain object delegating to `t` (class instances keep #private state: Object.create would break it). */
function delegate(t: AsyncStreamTransport, overrides: Record<string, unknown> = {}): AsyncStreamTransport {
  return {
    recv: (n: number) => t.recv(n),
    recvInto: (b: ArrayBufferView) => t.recvInto(b),
    recv$: (n: number) => t.recv$(n),
    sendAll: (d: ArrayBufferView) => t.sendAll(d),
    sendAllFromIterable: (c: Iterable<ArrayBufferView>) => t.sendAllFromIterable(c),
    sendEof: () => t.sendEof(),
    aclose: () => t.aclose(),
    isClosing: () => t.isClosing(),
    backend: () => t.backend(),
    extraAttributes: t.extraAttributes,
    extra: t.extra.bind(t),
    [Symbol.asyncDispose]: () => t.aclose(),
    ...overrides,
  };
}

/** A half that records its close and can be told to fail it. */
function recordingHalf(log: string[], name: string, fail?: Error): AsyncStreamTransport {
  const [half] = createMemoryStreamPair();
  const aclose = half.aclose.bind(half);
  return Object.assign(half, {
    aclose: async () => {
      log.push(name);
      await aclose();
      if (fail) throw fail;
    },
  });
}

describe('AsyncStapledStreamTransport', () => {
  it('K1: sends go to sendTransport, receives come from receiveTransport (recv, recvInto, recv$)', async () => {
    const [out, outPeer] = createMemoryStreamPair();
    const [inPeer, into] = createMemoryStreamPair();
    const stapled = new AsyncStapledStreamTransport(out, into);
    await stapled.sendAllFromIterable([Buffer.from('a'), Buffer.from('b')]);
    await stapled.sendAll(Buffer.from('c'));
    expect((await readExactly(outPeer, 3)).toString()).toBe('abc');
    await inPeer.sendAll(Buffer.from('xyz'));
    expect((await stapled.recv(1)).toString()).toBe('x');
    const target = new Uint8Array(1);
    expect(await stapled.recvInto(target)).toBe(1);
    expect((await firstValueFrom(stapled.recv$(5))).toString()).toBe('z');
  });

  it('O1: a stapled transport whose receive half broke ends as peer-reset; its own termination wins over its halves\'', async () => {
    const [sendHalf, sendPeer] = createMemoryStreamPair();
    const [receiveHalf, receivePeer] = createMemoryStreamPair();
    const stapled = new AsyncStapledStreamTransport(sendHalf, receiveHalf);
    receivePeer.reset();
    await stapled.recv(10).catch(() => undefined);
    await stapled.aclose();
    expect(stapled.extra(TransportAttribute.termination).reason).toBe('peer-reset');
    expect(sendHalf.extra(TransportAttribute.termination).reason).toBe('local-close');
    await sendPeer.aclose();
  });

  it('K1: both halves must share one backend', () => {
    const [a] = createMemoryStreamPair();
    const [b] = createMemoryStreamPair({ backend: new NodeBackend() });
    expect(() => new AsyncStapledStreamTransport(a, b)).toThrow('transport backend inconsistency');
    expect(() => new AsyncStapledStreamTransport({} as never, b)).toThrow(TypeError);
    // Each half is checked for what it is used for, and named in the error.
    expect(() => new AsyncStapledStreamTransport({} as never, b)).toThrow(/sendTransport/);
    const [c] = createMemoryStreamPair();
    const noRecv = { recvInto: c.recvInto.bind(c), recv$: c.recv$.bind(c), aclose: () => c.aclose(), isClosing: () => c.isClosing(), backend: () => c.backend() };
    expect(() => new AsyncStapledStreamTransport(a, noRecv as never)).toThrow(/^receiveTransport must be a transport with recv, /);
  });

  it('K1: isClosing only when both halves are closing (or after aclose on the stapled one)', async () => {
    const [out] = createMemoryStreamPair();
    const [into] = createMemoryStreamPair();
    const stapled = new AsyncStapledStreamTransport(out, into);
    await out.aclose();
    expect(stapled.isClosing()).toBe(false);
    await into.aclose();
    expect(stapled.isClosing()).toBe(true);
  });

  it('K1: aclose closes the send half, then the receive half', async () => {
    const log: string[] = [];
    const stapled = new AsyncStapledStreamTransport(recordingHalf(log, 'send'), recordingHalf(log, 'receive'));
    const closing = stapled.aclose();
    expect(stapled.isClosing()).toBe(true);
    await closing;
    expect(log).toEqual(['send', 'receive']);
  });

  it('K1: when one close fails, the other half is still closed and the error propagates', async () => {
    const log: string[] = [];
    const failure = new Error('send half failed');
    const stapled = new AsyncStapledStreamTransport(recordingHalf(log, 'send', failure), recordingHalf(log, 'receive'));
    await expect(stapled.aclose()).rejects.toBe(failure);
    expect(log).toEqual(['send', 'receive']);
    // A lone failure is given no cause: there is nothing second to chain.
    expect(Object.hasOwn(failure, 'cause')).toBe(false);
  });

  it('K1: when both closes fail, a first error that has a cause of its own, or is not an Error, comes out untouched', async () => {
    const own = new Error('own cause');
    const first = new Error('send failed', { cause: own });
    const stapled = new AsyncStapledStreamTransport(recordingHalf([], 'send', first), recordingHalf([], 'receive', new Error('receive failed')));
    await expect(stapled.aclose()).rejects.toBe(first);
    expect(first.cause).toBe(own);
    const notAnError = { reason: 'not an Error' };
    const odd = new AsyncStapledStreamTransport(recordingHalf([], 'send', notAnError as never), recordingHalf([], 'receive', new Error('receive failed')));
    await expect(odd.aclose()).rejects.toBe(notAnError);
    expect(Object.hasOwn(notAnError, 'cause')).toBe(false);
  });

  it("K1: sendEof passes on the send half's failure when it is not UnsupportedOperation, and closes nothing", async () => {
    const [out] = createMemoryStreamPair();
    const [into] = createMemoryStreamPair();
    const failure = new Error('half-close failed');
    const stapled = new AsyncStapledStreamTransport(delegate(out, { sendEof: () => Promise.reject(failure) }), into);
    await expect(stapled.sendEof()).rejects.toBe(failure);
    expect(out.isClosing()).toBe(false);
    await stapled.aclose();
  });

  it('O1: a receive that fails with something other than a broken transport does not decide the termination', async () => {
    const [out] = createMemoryStreamPair();
    const [into] = createMemoryStreamPair();
    const failure = new Error('not a broken transport');
    const stapled = new AsyncStapledStreamTransport(out, delegate(into, { recv: () => Promise.reject(failure) }));
    await expect(stapled.recv(1)).rejects.toBe(failure);
    await stapled.aclose();
    expect(stapled.extra(TransportAttribute.termination).reason).toBe('local-close');
  });

  it('K1: when both closes fail, both are called; the first error comes out with the second as its cause', async () => {
    const log: string[] = [];
    const first = new Error('send failed');
    const second = new Error('receive failed');
    const stapled = new AsyncStapledStreamTransport(recordingHalf(log, 'send', first), recordingHalf(log, 'receive', second));
    const error = await stapled.aclose().catch((e: unknown) => e);
    expect(error).toBe(first);
    expect((error as Error).cause).toBe(second);
    // Chained as an ordinary own property: a caller may still replace it.
    expect(Object.getOwnPropertyDescriptor(first, 'cause')).toMatchObject({ writable: true, configurable: true });
    expect(log).toEqual(['send', 'receive']);
  });

  it('C3: from the first aclose on, reads and sends reject ClosedResourceError, even while the receive half is still open', async () => {
    let finishSendClose!: () => void;
    const [out] = createMemoryStreamPair();
    const [inPeer, into] = createMemoryStreamPair();
    const lingering = delegate(out, {
      aclose: () => new Promise<void>((resolve) => (finishSendClose = () => void out.aclose().then(resolve))),
    });
    const stapled = new AsyncStapledStreamTransport(lingering, into);
    const pending = stapled.recv(10);
    const closing = stapled.aclose();
    // The send half is still closing, so the receive half is open, and it has bytes to give.
    await inPeer.sendAll(Buffer.from('too late'));
    await expect(pending).rejects.toThrow(new ClosedResourceError('the transport was closed'));
    await expect(stapled.recv(10)).rejects.toBeInstanceOf(ClosedResourceError);
    await expect(firstValueFrom(stapled.recv$(10))).rejects.toBeInstanceOf(ClosedResourceError);
    await expect(stapled.sendAll(Buffer.from('x'))).rejects.toBeInstanceOf(ClosedResourceError);
    expect(into.isClosing()).toBe(false);
    finishSendClose();
    await closing;
    expect(into.isClosing()).toBe(true);
    await inPeer.aclose();
  });

  it('C6: an abort during a lingering aclose closes both halves abruptly and rejects with the reason', async () => {
    const [out] = createMemoryStreamPair();
    const [inPeer, into] = createMemoryStreamPair();
    // A graceful close that never ends; an aborted one (acloseForcefully's) closes at once.
    const lingering = delegate(out, {
      aclose: (options?: { signal?: AbortSignal }) => (options?.signal?.aborted ? out.aclose(options) : new Promise<void>(() => undefined)),
    });
    const stapled = new AsyncStapledStreamTransport(lingering, into);
    const controller = new AbortController();
    const closing = stapled.aclose({ signal: controller.signal });
    const reason = new Error('no more waiting');
    controller.abort(reason);
    await expect(closing).rejects.toBe(reason);
    expect(out.isClosing()).toBe(true);
    expect(into.isClosing()).toBe(true);
    await inPeer.aclose();
  });

  it('C6/O1: aborting a send closes both halves abruptly; the termination says local-abort', async () => {
    const [out, outPeer] = createMemoryStreamPair({ highWaterMark: 4 });
    const [inPeer, into] = createMemoryStreamPair();
    const stapled = new AsyncStapledStreamTransport(out, into);
    const controller = new AbortController();
    // The peer reads nothing: a send larger than its buffer waits, until the abort.
    const sending = stapled.sendAll(Buffer.alloc(64), { signal: controller.signal });
    controller.abort(new Error('give up'));
    await expect(sending).rejects.toThrow('give up');
    expect(out.isClosing()).toBe(true);
    expect(into.isClosing()).toBe(true);
    const termination = await firstValueFrom(stapled.extra(TransportAttribute.terminated$));
    expect(termination.reason).toBe('local-abort');
    await Promise.all([outPeer.aclose(), inPeer.aclose()]);
  });

  it('C8: bad signals are named by the operation that took them', async () => {
    const [out] = createMemoryStreamPair();
    const [into] = createMemoryStreamPair();
    const stapled = new AsyncStapledStreamTransport(out, into);
    await expect(stapled.sendAll(Buffer.from('x'), { signal: 'x' as never })).rejects.toThrow(/^send: options\.signal must be an AbortSignal$/);
    await expect(stapled.aclose({ signal: 'x' as never })).rejects.toThrow(/^aclose: options\.signal must be an AbortSignal$/);
    await stapled.aclose();
  });

  it('K1: a send half without sendAll is refused, naming what it lacks', () => {
    const [out] = createMemoryStreamPair();
    const [into] = createMemoryStreamPair();
    expect(() => new AsyncStapledStreamTransport(delegate(out, { sendAll: undefined }), into)).toThrow(
      /^sendTransport must be a transport with sendAll, sendAllFromIterable, aclose, isClosing, backend$/,
    );
  });

  it("K1: sendEof calls the send half's sendEof", async () => {
    const [out, outPeer] = createMemoryStreamPair();
    const [into] = createMemoryStreamPair();
    await new AsyncStapledStreamTransport(out, into).sendEof();
    expect(out.isClosing()).toBe(false);
    expect((await readToEof(outPeer)).length).toBe(0);
  });

  it('K1: sendEof falls back to closing the send half when it has no sendEof, or it rejects UnsupportedOperation', async () => {
    for (const variant of ['missing', 'unsupported'] as const) {
      const [out, outPeer] = createMemoryStreamPair();
      const [into] = createMemoryStreamPair();
      const send =
        variant === 'missing'
          ? delegate(out, { sendEof: undefined })
          : delegate(out, { sendEof: () => Promise.reject(new UnsupportedOperation('no half-close')) });
      await new AsyncStapledStreamTransport(send, into).sendEof();
      expect(out.isClosing()).toBe(true);
      expect((await readToEof(outPeer)).length).toBe(0);
    }
  });

  it('K1: attributes of both halves are merged; the receive half wins a conflict', () => {
    const onlySend = typedAttribute<string>('onlySend');
    const [out] = createMemoryStreamPair({ highWaterMark: 111 });
    const [into] = createMemoryStreamPair({ highWaterMark: 222 });
    const send = delegate(out, {
      extraAttributes: new Map([...out.extraAttributes, [onlySend, () => 'from send']]),
    });
    const stapled = new AsyncStapledStreamTransport(send, into);
    expect(stapled.extra(StreamAttribute.highWaterMark)).toBe(222);
    expect(stapled.extra(onlySend)).toBe('from send');
  });
});

describe('AsyncStapledDatagramTransport', () => {
  it('K1: each half is checked for what it is used for, and named in the error', () => {
    const [a, b] = createMemoryDatagramPair();
    expect(() => new AsyncStapledDatagramTransport({} as never, b)).toThrow(/^sendTransport must be a transport with send, aclose, isClosing, backend$/);
    expect(() => new AsyncStapledDatagramTransport(a, { recv: () => undefined } as never)).toThrow(/^receiveTransport must be a transport with recv, recv\$, aclose/);
    expect(() => new AsyncStapledDatagramTransport(a, null as never)).toThrow(TypeError);
  });

  it('K1: recv$ reads the receive half; after aclose it errors ClosedResourceError', async () => {
    const [aOut, bIn] = createMemoryDatagramPair();
    const [bOut, aIn] = createMemoryDatagramPair();
    const stapled = new AsyncStapledDatagramTransport(aOut, aIn);
    await bOut.send(Buffer.from('one'));
    expect((await firstValueFrom(stapled.recv$())).toString()).toBe('one');
    await stapled.send(Buffer.from('two'));
    expect((await bIn.recv()).toString()).toBe('two');
    await stapled.aclose();
    await expect(firstValueFrom(stapled.recv$())).rejects.toBeInstanceOf(ClosedResourceError);
    expect(stapled.isClosing()).toBe(true);
    await Promise.all([bIn.aclose(), bOut.aclose()]);
  });
});
