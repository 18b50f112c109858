/**
 * `src/composite/`: transports made of other transports. May import `core/`, `internal/`,
 * `errors`, `typed-attributes`.
 *
 * Stapled (composite) transports (K1): one transport made of two, sending through one and
 * receiving from the other: stdin/stdout, a pair of pipes, two one-way channels.
 *
 * Each method says which half it calls. The only logic of its own: `aclose` closes the send
 * half, then the receive half, closing both even when the first fails (the first error
 * propagates, a second one rides along as its `cause`); `sendEof` falls back to closing the
 * send half when it cannot half-close; attributes of both halves are merged, the receive half
 * winning a conflict. Both halves must share one backend. O1: the pair's own termination is
 * how it was closed, or the peer failure its reads met first; each half keeps its own.
 */
import { defer, map, throwError, type Observable } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { BrokenResourceError, ClosedResourceError, UnsupportedOperation } from '../errors';
import { reasonOf, terminationAttributes, TerminationRecorder } from '../core/termination';
import { raceAbort, signalOf, type AbortOptions } from '../internal/abort';
import { attempt } from '../internal/validate';
import type { TypedAttributeMap } from '../typed-attributes';
import {
  AbstractAsyncDatagramTransport,
  AbstractAsyncStreamTransport,
  type AsyncBaseTransport,
  type AsyncDatagramReadTransport,
  type AsyncDatagramWriteTransport,
  type AsyncStreamReadTransport,
  type AsyncStreamWriteTransport,
} from '../core/abc';
import { acloseForcefully } from '../core/aclose-forcefully';

/** A stream transport that sends through `sendTransport` and receives from `receiveTransport`. */
export class AsyncStapledStreamTransport<
  S extends AsyncStreamWriteTransport = AsyncStreamWriteTransport,
  R extends AsyncStreamReadTransport = AsyncStreamReadTransport,
> extends AbstractAsyncStreamTransport {
  readonly #halves: StapledHalves;

  /** Throws `TypeError` for a half of the wrong shape, `Error('transport backend inconsistency')` for two backends. */
  constructor(
    /** The half every send goes to. */
    readonly sendTransport: S,
    /** The half every receive comes from. */
    readonly receiveTransport: R,
  ) {
    super();
    checkHalf(sendTransport, ['sendAll', 'sendAllFromIterable'], 'sendTransport');
    checkHalf(receiveTransport, ['recv', 'recvInto', 'recv$'], 'receiveTransport');
    this.#halves = new StapledHalves(sendTransport, receiveTransport, this);
  }

  /** Calls `receiveTransport.recv`. */
  override recv(bufsize: number, options?: AbortOptions): Promise<Buffer> {
    return this.#halves.received(() => this.receiveTransport.recv(bufsize, options));
  }

  /** Calls `receiveTransport.recv$`. */
  override recv$(bufsize: number): Observable<Buffer> {
    return this.#halves.received$(this.receiveTransport.recv$(bufsize));
  }

  /** Calls `receiveTransport.recvInto`. */
  recvInto(buffer: ArrayBufferView, options?: AbortOptions): Promise<number> {
    return this.#halves.received(() => this.receiveTransport.recvInto(buffer, options));
  }

  /** Calls `sendTransport.sendAll`. */
  sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return this.#halves.sent(() => this.sendTransport.sendAll(data, options), options);
  }

  /** Calls `sendTransport.sendAllFromIterable`. */
  override sendAllFromIterable(chunks: Iterable<ArrayBufferView>, options?: AbortOptions): Promise<void> {
    return this.#halves.sent(() => this.sendTransport.sendAllFromIterable(chunks, options), options);
  }

  /**
   * Calls `sendTransport.sendEof` when it has one; when it has none, or it rejects
   * `UnsupportedOperation` (TLS), closes the send half instead: the peer sees EOF either way.
   */
  async sendEof(): Promise<void> {
    const half = this.sendTransport as S & { sendEof?: () => Promise<void> };
    if (typeof half.sendEof === 'function') {
      try {
        return await half.sendEof();
      } catch (error) {
        if (!(error instanceof UnsupportedOperation)) throw error;
      }
    }
    await half.aclose();
  }

  aclose(options?: AbortOptions): Promise<void> {
    return this.#halves.aclose(options);
  }

  isClosing(): boolean {
    return this.#halves.isClosing();
  }

  backend(): AsyncBackend {
    return this.sendTransport.backend();
  }

  /** Both halves' attributes; the receive half wins a conflict. */
  override get extraAttributes(): TypedAttributeMap {
    return this.#halves.extraAttributes();
  }
}

/** A datagram transport that sends through `sendTransport` and receives from `receiveTransport`. */
export class AsyncStapledDatagramTransport<
  S extends AsyncDatagramWriteTransport = AsyncDatagramWriteTransport,
  R extends AsyncDatagramReadTransport = AsyncDatagramReadTransport,
> extends AbstractAsyncDatagramTransport {
  readonly #halves: StapledHalves;

  /** Throws `TypeError` for a half of the wrong shape, `Error('transport backend inconsistency')` for two backends. */
  constructor(
    /** The half every send goes to. */
    readonly sendTransport: S,
    /** The half every receive comes from. */
    readonly receiveTransport: R,
  ) {
    super();
    checkHalf(sendTransport, ['send'], 'sendTransport');
    checkHalf(receiveTransport, ['recv', 'recv$'], 'receiveTransport');
    this.#halves = new StapledHalves(sendTransport, receiveTransport, this);
  }

  /** Calls `receiveTransport.recv`. */
  recv(options?: AbortOptions): Promise<Buffer> {
    return this.#halves.received(() => this.receiveTransport.recv(options));
  }

  /** Calls `receiveTransport.recv$`. */
  override recv$(): Observable<Buffer> {
    return this.#halves.received$(this.receiveTransport.recv$());
  }

  /** Calls `sendTransport.send`. */
  send(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return this.#halves.sent(() => this.sendTransport.send(data, options), options);
  }

  aclose(options?: AbortOptions): Promise<void> {
    return this.#halves.aclose(options);
  }

  isClosing(): boolean {
    return this.#halves.isClosing();
  }

  backend(): AsyncBackend {
    return this.sendTransport.backend();
  }

  /** Both halves' attributes; the receive half wins a conflict. */
  override get extraAttributes(): TypedAttributeMap {
    return this.#halves.extraAttributes();
  }
}

/**
 * What both stapled kinds share: the two halves' close, closing state and attributes, and the
 * rules that make the pair one transport: local close wins over whatever a half still
 * delivers (C3), and aborting a send closes both halves (C6).
 */
class StapledHalves {
  #closing = false;
  #closed: Promise<void> | undefined;
  /** O1: the stapled transport's own end: how it was closed, or the peer failure its reads met. */
  readonly #recorder: TerminationRecorder;

  constructor(
    private readonly send: AsyncBaseTransport,
    private readonly receive: AsyncBaseTransport,
    owner: object,
  ) {
    if (send.backend() !== receive.backend()) throw new Error('transport backend inconsistency');
    this.#recorder = new TerminationRecorder(send.backend().scheduler, owner);
  }

  /** A read from the receive half; after `aclose` began, `ClosedResourceError` instead of its result. */
  received<T>(read: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(closedError());
    return read().then(
      (value) => {
        if (this.#closing) throw closedError();
        return value;
      },
      (error: unknown) => {
        if (error instanceof BrokenResourceError) this.#recorder.cause(reasonOf(error.cause), error);
        throw error;
      },
    );
  }

  /** `received` for the primitive read. */
  received$<T>(read$: Observable<T>): Observable<T> {
    return defer(() => (this.#closing ? throwError(closedError) : read$)).pipe(
      map((value) => {
        if (this.#closing) throw closedError();
        return value;
      }),
    );
  }

  /** A send through the send half; aborting it closes both halves abruptly (C6). */
  sent(write: () => Promise<void>, options: AbortOptions | undefined): Promise<void> {
    if (this.#closing) return Promise.reject(closedError());
    return attempt(() => {
      const signal = signalOf(options, 'send');
      if (signal?.aborted) return Promise.reject(signal.reason); // no other effect (C6)
      return raceAbort(write(), signal, () => this.#abort());
    });
  }

  /** K1: only when both halves are closing; C1: from the first `aclose` on. */
  isClosing(): boolean {
    return this.#closing || (this.send.isClosing() && this.receive.isClosing());
  }

  /** Send half, then receive half, both always; shared by concurrent calls; abort closes both abruptly. */
  aclose(options: AbortOptions | undefined): Promise<void> {
    return attempt(() => {
      const signal = signalOf(options, 'aclose');
      this.#recorder.cause(signal?.aborted ? 'local-abort' : 'local-close');
      this.#closing = true;
      if (signal?.aborted) this.#abort();
      this.#closed ??= this.#closeInOrder().finally(() => this.#recorder.closed('local-close'));
      return raceAbort(this.#closed, signal, () => this.#abort());
    });
  }

  #abort(): void {
    this.#recorder.cause('local-abort');
    this.#closing = true;
    void Promise.all([acloseForcefully(this.send), acloseForcefully(this.receive)]).then(() => this.#recorder.closed('local-abort'));
  }

  /** Both halves' attributes, the receive half winning a conflict, then the pair's own termination. */
  extraAttributes(): TypedAttributeMap {
    return new Map([...this.send.extraAttributes, ...this.receive.extraAttributes, ...terminationAttributes(this.#recorder)]);
  }

  async #closeInOrder(): Promise<void> {
    const failures: unknown[] = [];
    for (const half of [this.send, this.receive]) {
      await half.aclose().catch((error: unknown) => failures.push(error));
    }
    if (failures.length === 0) return;
    const [first, second] = failures;
    if (second !== undefined && first instanceof Error && first.cause === undefined) {
      Object.defineProperty(first, 'cause', { value: second, configurable: true, writable: true });
    }
    throw first;
  }
}

function closedError(): ClosedResourceError {
  return new ClosedResourceError('the transport was closed');
}

function checkHalf(half: unknown, methods: readonly string[], name: string): void {
  const candidate = half as Record<string, unknown> | null;
  const required = [...methods, 'aclose', 'isClosing', 'backend'];
  if (typeof candidate !== 'object' || candidate === null || required.some((m) => typeof candidate[m] !== 'function')) {
    throw new TypeError(`${name} must be a transport with ${required.join(', ')}`);
  }
}
