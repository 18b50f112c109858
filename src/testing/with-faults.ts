/**
 * `withFaults`: the marble kit's fault operators, applied to a real transport in real time. A
 * client under test talks to a real server through a network that splits, glues, delays,
 * stalls, resets or (for datagrams) drops, duplicates and reorders, and every run with one seed
 * makes the same choices. The operators take their time from the scheduler in force: the real
 * clock here, virtual time when the same wrapper is used inside `TestScheduler.run`.
 *
 * With a receive fault, the wrapper reads its inner transport ahead into its own buffer
 * (bounded by the inner transport's `highWaterMark` or datagram queue size: S6, D2). With a send
 * fault, sends go through a queue: a stream's `sendAll` resolves once the inner transport
 * accepted the call's last byte, and rejects `ClosedResourceError` if an injected EOF cut it off
 * first; a datagram's `send` resolves once queued, as the network it models may still drop it
 * (an inner send's failure rejects the next `send`). A direction without a fault passes straight
 * through. A reset fault in either direction makes reads and sends reject `BrokenResourceError`
 * and resets the real connection (the peer sees ECONNRESET). Closing closes the inner transport
 * at once, as its own `aclose` does: sends still held by a fault reject `ClosedResourceError`
 * (C3), what the inner transport accepted is delivered (S7).
 *
 * ```ts
 * const faulty = withFaults(await connectTcp('127.0.0.1', port), {
 *   receive: rechunk({ seed: 7, max: 3 }),   // the server's replies arrive in 1..3-byte pieces
 *   send: latency({ seed: 7, max: 20 }),     // and the requests take 0..20 ms each
 * });
 * ```
 */
import { concatMap, from, identity, map, Observable, Subject, type OperatorFunction, type Subscription } from 'rxjs';
import type { AsyncBackend, AsyncDatagramTransport, AsyncStreamTransport } from '../core/abc';
import { acloseForcefully, resetForcefully } from '../core/aclose-forcefully';
import { DEFAULT_MAX_QUEUED_DATAGRAMS } from '../core/backend-options';
import { BrokenResourceError, ClosedResourceError } from '../errors';
import { raceAbort, signalOf, type AbortOptions } from '../internal/abort';
import { asBuffer, attempt, checkBytes, checkFunction, checkOptions } from '../internal/validate';
import { QueuedDatagramTransport, BufferedStreamTransport } from '../reading/buffered';
import { DatagramQueue } from '../reading/datagram-queue';
import { DEFAULT_HIGH_WATER_MARK, StreamReceiveBuffer } from '../reading/stream-receive-buffer';
import { DatagramAttribute, StreamAttribute, type TypedAttribute, type TypedAttributeMap } from '../typed-attributes';

/** The faults of one transport: an operator for each direction (the fault operators, or any). */
export interface Faults {
  /** Applied to what the transport receives, before a read sees it. */
  readonly receive?: OperatorFunction<Buffer, Buffer>;
  /** Applied to what the code sends, before the inner transport sends it. */
  readonly send?: OperatorFunction<Buffer, Buffer>;
}

/**
 * Wraps `transport` so that what it receives passes `faults.receive` and what is sent through it
 * passes `faults.send`. Streams stay streams and datagram transports stay datagram transports;
 * attributes are the inner transport's. Throws `TypeError` at once for anything else.
 */
export function withFaults(transport: AsyncStreamTransport, faults: Faults): AsyncStreamTransport;
export function withFaults(transport: AsyncDatagramTransport, faults: Faults): AsyncDatagramTransport;
export function withFaults(
  transport: AsyncStreamTransport | AsyncDatagramTransport,
  faults: Faults,
): AsyncStreamTransport | AsyncDatagramTransport {
  checkOptions(faults, 'withFaults: faults');
  if (faults === undefined) throw new TypeError('withFaults: faults must be { receive?, send? }');
  if (faults.receive !== undefined) checkFunction(faults.receive, 'withFaults: faults.receive');
  if (faults.send !== undefined) checkFunction(faults.send, 'withFaults: faults.send');
  if (isStream(transport)) return new FaultyStream(transport, faults);
  if (isDatagram(transport)) return new FaultyDatagrams(transport, faults);
  throw new TypeError('withFaults: transport must be a stream transport (sendAll, sendEof) or a datagram transport (send)');
}

function isStream(value: unknown): value is AsyncStreamTransport {
  const t = value as Partial<AsyncStreamTransport> | null;
  return typeof t === 'object' && t !== null && typeof t.recv === 'function' && typeof t.sendAll === 'function' && typeof t.sendEof === 'function';
}

function isDatagram(value: unknown): value is AsyncDatagramTransport {
  const t = value as Partial<AsyncDatagramTransport> | null;
  return typeof t === 'object' && t !== null && typeof t.recv === 'function' && typeof t.send === 'function';
}

/** Reads `read` again and again while `flowing()`; an empty stream chunk is EOF. */
function pump(read: (signal: AbortSignal) => Promise<Buffer>, endsAtEmpty: boolean, flow?: { flowing(): boolean; wake: Subject<void> }): Observable<Buffer> {
  return new Observable<Buffer>((subscriber) => {
    const aborter = new AbortController();
    let reading = false;
    const next = (): void => {
      if (reading || subscriber.closed || (flow !== undefined && !flow.flowing())) return;
      reading = true;
      read(aborter.signal).then(
        (chunk) => {
          reading = false;
          if (endsAtEmpty && chunk.length === 0) return subscriber.complete();
          subscriber.next(chunk);
          next();
        },
        (error: unknown) => subscriber.error(error),
      );
    };
    const woken = flow?.wake.subscribe(next);
    next();
    return () => {
      woken?.unsubscribe();
      aborter.abort();
    };
  });
}

/** What a failure of either direction becomes: a reset of the whole transport. */
function broken(error: unknown): Error {
  if (error instanceof BrokenResourceError || error instanceof ClosedResourceError) return error;
  return new BrokenResourceError('the connection was reset', { cause: error });
}

/** A send queue through a fault into the inner transport, one delivery at a time, in order. */
class Outgoing {
  readonly #queue = new Subject<Buffer>();
  readonly #subscription: Subscription;

  constructor(
    fault: OperatorFunction<Buffer, Buffer>,
    deliver: (chunk: Buffer) => Promise<void>,
    on: { delivered(bytes: number): void; failed(error: unknown): void; ended(): void },
  ) {
    this.#subscription = this.#queue
      .pipe(
        fault,
        concatMap((chunk) => from(deliver(chunk)).pipe(map(() => chunk.length))),
      )
      .subscribe({ next: (bytes) => on.delivered(bytes), error: (error: unknown) => on.failed(error), complete: () => on.ended() });
  }

  push(chunk: Buffer): void {
    this.#queue.next(chunk);
  }

  /** No more sends: what the fault holds still goes out, then `ended`. */
  end(): void {
    this.#queue.complete();
  }

  /** Drops what the fault holds. */
  stop(): void {
    this.#subscription.unsubscribe();
  }
}

/**
 * Closes `inner` as the first `aclose(options)` asks; the result is that call's promise and
 * the shared close, which settles (never rejects) once the inner transport is closed. Later
 * calls share it, or close abruptly if their own signal aborts (C1, C2).
 */
function closeOnce(
  shared: Promise<void> | undefined,
  inner: { aclose(options?: AbortOptions): Promise<void> },
  options: AbortOptions | undefined,
  start: () => void,
): { call: Promise<void>; shared: Promise<void> } {
  if (shared === undefined) {
    start();
    const call = inner.aclose(options);
    return { call, shared: call.then(noop, noop) };
  }
  const signal = signalOf(options, 'aclose');
  if (signal?.aborted) {
    void acloseForcefully(inner);
    return { call: Promise.reject(signal.reason), shared };
  }
  return { call: raceAbort(shared, signal, () => void acloseForcefully(inner)), shared };
}

function noop(): void {}

interface Waiter {
  readonly target: number;
  resolve(): void;
  reject(error: Error): void;
}

class FaultyStream extends BufferedStreamTransport {
  readonly #inner: AsyncStreamTransport;
  readonly #wake = new Subject<void>();
  #paused = false;
  #receiving: Subscription | undefined;
  readonly #out: Outgoing;
  #queuedBytes = 0;
  #deliveredBytes = 0;
  readonly #waiters: Waiter[] = [];
  /** Why sends are refused: a reset (sticky), an injected EOF, `sendEof`, or the close. */
  #sendRefusal: Error | undefined;
  #eof: Promise<void> | undefined;
  #eofSettle: { resolve(done: Promise<void>): void; reject(error: Error): void } | undefined;
  #closed: Promise<void> | undefined;

  constructor(inner: AsyncStreamTransport, faults: Faults) {
    super(
      new StreamReceiveBuffer(inner.extra(StreamAttribute.highWaterMark, DEFAULT_HIGH_WATER_MARK), {
        pause: () => (this.#paused = true),
        resume: () => {
          this.#paused = false;
          this.#wake.next();
        },
      }),
    );
    this.#inner = inner;
    this.#receiving = pump((signal) => inner.recv(65536, { signal }), true, { flowing: () => !this.#paused, wake: this.#wake })
      .pipe(faults.receive ?? identity)
      .subscribe({
        next: (chunk) => this.incoming.push(asBuffer(chunk)),
        error: (error: unknown) => this.#reset(broken(error)),
        complete: () => this.incoming.end(),
      });
    this.#out = new Outgoing(faults.send ?? identity, (chunk) => inner.sendAll(chunk), {
      delivered: (bytes) => {
        this.#deliveredBytes += bytes;
        while (this.#waiters.length > 0 && this.#waiters[0].target <= this.#deliveredBytes) this.#waiters.shift()?.resolve();
      },
      failed: (error) => this.#reset(broken(error)),
      ended: () => {
        if (this.#eofSettle !== undefined) {
          this.#eofSettle.resolve(inner.sendEof());
          return;
        }
        // A fault ended the stream early (`eofAfter`): what it cut off was never sent.
        this.#sendRefusal ??= new ClosedResourceError('an injected EOF ended the write side');
        this.#rejectWaiters(this.#sendRefusal);
        const eof = inner.sendEof();
        eof.catch(() => undefined);
        this.#eof = eof;
      },
    });
  }

  backend(): AsyncBackend {
    return this.#inner.backend();
  }

  isClosing(): boolean {
    return this.#closed !== undefined;
  }

  sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      checkBytes(data, 'sendAll: data');
      const signal = signalOf(options, 'sendAll');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#sendRefusal !== undefined) throw this.#sendRefusal;
      if (data.byteLength === 0) return Promise.resolve();
      this.#queuedBytes += data.byteLength;
      const sent = new Promise<void>((resolve, reject) => this.#waiters.push({ target: this.#queuedBytes, resolve, reject }));
      this.#out.push(Buffer.from(asBuffer(data)));
      // C6: a send given up half-way leaves the stream in an unknown state: close it abruptly.
      return raceAbort(sent, signal, () => void acloseForcefully(this));
    });
  }

  sendEof(): Promise<void> {
    if (this.#closed !== undefined) return Promise.reject(new ClosedResourceError('the transport was closed'));
    if (this.#eof !== undefined) return this.#eof;
    if (this.#sendRefusal !== undefined) return Promise.reject(this.#sendRefusal);
    this.#sendRefusal = new ClosedResourceError('sendEof() was called: the write side is closed');
    this.#eof = new Promise<void>((resolve, reject) => (this.#eofSettle = { resolve, reject }));
    // What the faults still hold goes out first; `ended` then half-closes the inner transport.
    this.#out.end();
    return this.#eof;
  }

  aclose(options?: AbortOptions): Promise<void> {
    return attempt(() => {
      const { call, shared } = closeOnce(this.#closed, this.#inner, options, () => {
        this.incoming.close();
        this.#receiving?.unsubscribe();
        this.#out.stop();
        const closed = new ClosedResourceError('the transport was closed');
        this.#sendRefusal = closed;
        this.#rejectWaiters(closed);
      });
      this.#closed = shared;
      return call;
    });
  }

  override get extraAttributes(): TypedAttributeMap {
    return new Map<TypedAttribute<unknown>, () => unknown>([
      ...this.#inner.extraAttributes,
      [StreamAttribute.bufferedBytes, () => this.incoming.buffered],
    ]);
  }

  #rejectWaiters(error: Error): void {
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    this.#eofSettle?.reject(error);
  }

  /** A reset in either direction: both fail, and the real connection is reset too. */
  #reset(error: Error): void {
    this.incoming.fail(error);
    this.#receiving?.unsubscribe();
    this.#out.stop();
    this.#sendRefusal = error;
    this.#rejectWaiters(error);
    void resetForcefully(this.#inner);
  }
}

class FaultyDatagrams extends QueuedDatagramTransport {
  readonly #inner: AsyncDatagramTransport;
  #receiving: Subscription | undefined;
  readonly #out: Outgoing | undefined;
  /** A reset (sticky), or the failure of a queued send, reported by the next `send`. */
  #failure: Error | undefined;
  #closed: Promise<void> | undefined;

  constructor(inner: AsyncDatagramTransport, faults: Faults) {
    super(new DatagramQueue(inner.extra(DatagramAttribute.maxQueuedDatagrams, DEFAULT_MAX_QUEUED_DATAGRAMS)));
    this.#inner = inner;
    this.#receiving = pump((signal) => inner.recv({ signal }), false)
      .pipe(faults.receive ?? identity)
      .subscribe({
        next: (datagram) => this.incoming.push(asBuffer(datagram)),
        error: (error: unknown) => this.#reset(broken(error)),
      });
    if (faults.send !== undefined) {
      this.#out = new Outgoing(faults.send, (datagram) => inner.send(datagram).catch((error: unknown) => void (this.#failure ??= error as Error)), {
        delivered: () => undefined,
        failed: (error) => this.#reset(broken(error)),
        ended: () => undefined,
      });
    }
  }

  backend(): AsyncBackend {
    return this.#inner.backend();
  }

  isClosing(): boolean {
    return this.#closed !== undefined;
  }

  send(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      checkBytes(data, 'send: data');
      const signal = signalOf(options, 'send');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#closed !== undefined) throw new ClosedResourceError('the transport was closed');
      if (this.#out === undefined) return this.#inner.send(data, options);
      const failure = this.#failure;
      if (failure !== undefined) {
        if (!(failure instanceof BrokenResourceError)) this.#failure = undefined;
        throw failure;
      }
      this.#out.push(Buffer.from(asBuffer(data)));
      return Promise.resolve();
    });
  }

  aclose(options?: AbortOptions): Promise<void> {
    return attempt(() => {
      const { call, shared } = closeOnce(this.#closed, this.#inner, options, () => {
        this.incoming.close();
        this.#receiving?.unsubscribe();
        this.#out?.stop();
      });
      this.#closed = shared;
      return call;
    });
  }

  override get extraAttributes(): TypedAttributeMap {
    return new Map<TypedAttribute<unknown>, () => unknown>([
      ...this.#inner.extraAttributes,
      [DatagramAttribute.queuedDatagrams, () => this.incoming.queued],
      [DatagramAttribute.droppedDatagrams, () => this.#inner.extra(DatagramAttribute.droppedDatagrams, 0) + this.incoming.dropped],
    ]);
  }

  #reset(error: Error): void {
    this.incoming.fail(error);
    this.#receiving?.unsubscribe();
    this.#out?.stop();
    this.#failure = error;
    void resetForcefully(this.#inner);
  }
}
