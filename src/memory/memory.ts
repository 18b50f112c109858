/**
 * `src/memory/`: in-memory stream and datagram pairs, with a socket's semantics and no
 * socket. May import `core/`, `reading/`, `internal/`, and `node/` for the default backend
 * whose scheduler times them.
 *
 * In-memory stream pairs: two connected `AsyncStreamTransport`s with a socket's semantics and
 * no socket, for what sockets cannot show (TLS in memory, marble tests).
 *
 * Each direction is a `MemoryPipe`: the reader's `StreamReceiveBuffer` plus the writer's flow
 * control. Contracts: C1-C7, S1-S7 as a TCP socket shows them:
 * - `sendAll` copies the bytes (the caller may reuse its buffer), resolves at once while the
 *   peer holds less than `highWaterMark` unread bytes, else when the peer's reads drain it.
 * - `aclose` sends EOF to the peer; later sends from the peer reject `BrokenResourceError`
 *   (EPIPE), as writing to a closed socket does. Nothing is queued on this side, so graceful
 *   and abrupt close are the same.
 * - `reset()` is the network failing: the peer's reads and sends reject `BrokenResourceError`
 *   (ECONNRESET) after what it had already received.
 */
import type { AsyncBackend } from '../core/abc';
import { RESET } from '../core/aclose-forcefully';
import { defaultBackend } from '../node/node-backend';
import { BrokenResourceError, ClosedResourceError } from '../errors';
import { closeAtOnce, raceAbort, signalOf, type AbortOptions } from '../internal/abort';
import { attempt, checkBytes, checkOptions, checkPositive } from '../internal/validate';
import { SENT } from '../internal/sent';
import { StreamAttribute, type TypedAttributeMap } from '../typed-attributes';
import { RECORD_CAUSE, terminationAttributes, TerminationRecorder, type TerminationReason } from '../core/termination';
import { BufferedStreamTransport } from '../reading/buffered';
import { DEFAULT_HIGH_WATER_MARK, StreamReceiveBuffer } from '../reading/stream-receive-buffer';

/** Options of `createMemoryStreamPair`. */
export interface MemoryStreamPairOptions {
  /** Unread bytes each side holds before its peer's `sendAll` waits (S6). Default 256 KiB. */
  readonly highWaterMark?: number;
  /** The backend both transports report (its scheduler times their wrappers). Default: Node's. */
  readonly backend?: AsyncBackend;
}

/** Two connected in-memory stream transports: what one sends, the other receives. */
export function createMemoryStreamPair(options: MemoryStreamPairOptions = {}): [MemoryStreamTransport, MemoryStreamTransport] {
  checkOptions(options, 'createMemoryStreamPair: options');
  const { highWaterMark = DEFAULT_HIGH_WATER_MARK, backend = defaultBackend } = options;
  checkPositive(highWaterMark, 'createMemoryStreamPair: options.highWaterMark');
  const aToB = new MemoryPipe(highWaterMark);
  const bToA = new MemoryPipe(highWaterMark);
  return [new MemoryStreamTransport(bToA, aToB, backend), new MemoryStreamTransport(aToB, bToA, backend)];
}

/**
 * @internal One direction of a pair: the reader's buffer and the writer's wait for room in it.
 * A send larger than `highWaterMark` goes in pieces, each after the reader drained the last, so
 * the reader holds at most `highWaterMark` + one piece (S6); sends queue behind each other, so
 * concurrent ones never interleave (C5).
 */
export class MemoryPipe {
  readonly buffer: StreamReceiveBuffer;
  /** Writers waiting for the reader to drain below the mark. */
  readonly #waiting = new Set<{ resolve(): void; reject(error: Error): void }>();
  #full = false;
  /** Sends started and not finished; a new send takes the fast path only when there are none. */
  #inFlight = 0;
  #tail: Promise<void> = SENT;
  /** Why writes fail: this side closed (C3), or the reader went away (C4: EPIPE, ECONNRESET). */
  #writeError: Error | undefined;
  /** Bytes written into this direction so far: the writer's bytesSent, the reader's bytesReceived. */
  bytes = 0;
  /** The reading transport's record (O1): the writer's EOF and reset are causes of its end. */
  reader: TerminationRecorder | undefined;

  constructor(highWaterMark: number) {
    this.buffer = new StreamReceiveBuffer(highWaterMark, {
      pause: () => {
        this.#full = true;
      },
      resume: () => {
        this.#full = false;
        for (const waiter of this.#waiting) waiter.resolve();
        this.#waiting.clear();
      },
    });
  }

  /** Writer side: queue a copy of `data` for the reader; resolves once it all fits. */
  write(data: Uint8Array, signal: AbortSignal | undefined, onAbort: () => void): Promise<void> {
    if (this.#writeError !== undefined) return Promise.reject(this.#writeError);
    if (this.#inFlight === 0 && !this.#full && data.length <= this.buffer.highWaterMark) {
      this.buffer.push(Buffer.from(data));
      this.bytes += data.length;
      return SENT;
    }
    this.#inFlight++;
    const sent = this.#tail.then(() => this.#writeInPieces(data)).finally(() => this.#inFlight--);
    this.#tail = sent.catch(() => undefined);
    return raceAbort(sent, signal, onAbort);
  }

  /** Writer side: EOF for the reader, after every send already queued (as a socket's FIN). */
  end(): void {
    const ended = (): void => {
      this.buffer.end();
      this.reader?.cause('peer-eof');
    };
    if (this.#inFlight === 0) ended();
    else void this.#tail.then(ended);
  }

  /** Writer side: sends from now on, and those waiting, reject with `error`. */
  stopWriters(error: Error): void {
    this.#writeError ??= error;
    for (const waiter of this.#waiting) waiter.reject(this.#writeError);
    this.#waiting.clear();
  }

  /** Reader side: the reader closed (EPIPE) or reset (ECONNRESET); the writer's sends break. */
  readerGone(code: 'EPIPE' | 'ECONNRESET'): void {
    const cause = Object.assign(new Error(code === 'EPIPE' ? 'broken pipe' : 'connection reset by peer'), { code });
    this.stopWriters(new BrokenResourceError(`connection broken: ${cause.message}`, { cause }));
  }

  async #writeInPieces(data: Uint8Array): Promise<void> {
    const piece = this.buffer.highWaterMark;
    for (let offset = 0; offset < data.length; offset += piece) {
      if (this.#full) await new Promise<void>((resolve, reject) => this.#waiting.add({ resolve, reject }));
      if (this.#writeError !== undefined) throw this.#writeError;
      const bytes = Buffer.from(data.subarray(offset, offset + piece));
      this.buffer.push(bytes);
      this.bytes += bytes.length;
    }
  }
}

/** One end of `createMemoryStreamPair`. */
export class MemoryStreamTransport extends BufferedStreamTransport {
  readonly #inbound: MemoryPipe;
  readonly #outgoing: MemoryPipe;
  readonly #backend: AsyncBackend;
  readonly #recorder: TerminationRecorder;
  #closing = false;
  #eofSent = false;
  #attributes: TypedAttributeMap | undefined;

  /** @internal Use `createMemoryStreamPair`. */
  constructor(incoming: MemoryPipe, outgoing: MemoryPipe, backend: AsyncBackend) {
    super(incoming.buffer);
    this.#inbound = incoming;
    this.#outgoing = outgoing;
    this.#backend = backend;
    this.#recorder = new TerminationRecorder(backend.scheduler, this);
    incoming.reader = this.#recorder;
  }

  /** The backend this transport belongs to; its scheduler times the transport's timers. */
  backend(): AsyncBackend {
    return this.#backend;
  }

  /** True from the first `aclose` on (C1). */
  isClosing(): boolean {
    return this.#closing;
  }

  /** Copies `data` to the peer; waits while the peer holds `highWaterMark` unread bytes (S3, S6). */
  sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      checkBytes(data, 'sendAll: data');
      const signal = signalOf(options, 'sendAll');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#closing) throw new ClosedResourceError('the transport was closed');
      if (this.#eofSent) throw new ClosedResourceError('sendEof() was called: the write side is closed');
      if (data.byteLength === 0) return SENT;
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      return this.#outgoing.write(bytes, signal, () => this.#close('EPIPE'));
    });
  }

  /** EOF for the peer after every send already queued (S5). */
  sendEof(): Promise<void> {
    if (this.#closing) return Promise.reject(new ClosedResourceError('the transport was closed'));
    this.#eofSent = true;
    this.#outgoing.end();
    return SENT;
  }

  /** Closes at once: there is nothing to flush on this side; the peer reads EOF (C1, S7). */
  aclose(options?: AbortOptions): Promise<void> {
    return closeAtOnce(options, (aborted) => {
      this.#recorder.cause(aborted ? 'local-abort' : 'local-close');
      this.#close('EPIPE');
    });
  }

  /** Simulates the network failing: the peer sees `BrokenResourceError` (ECONNRESET); this side is closed. */
  reset(): void {
    if (this.#closing) return;
    const cause = Object.assign(new Error('connection reset by peer'), { code: 'ECONNRESET' });
    this.#outgoing.buffer.fail(new BrokenResourceError(`connection broken: ${cause.message}`, { cause }));
    this.#outgoing.reader?.cause('peer-reset', cause);
    this.#recorder.cause('local-abort');
    this.#close('ECONNRESET');
  }

  /** @internal `resetForcefully`: `reset()`. */
  [RESET](): void {
    this.reset();
  }

  /** The receive buffer's state (S6), byte counts and the termination (O1, O2). */
  override get extraAttributes(): TypedAttributeMap {
    return (this.#attributes ??= new Map([
      [StreamAttribute.bufferedBytes, () => this.#inbound.buffer.buffered],
      [StreamAttribute.highWaterMark, () => this.#inbound.buffer.highWaterMark],
      [StreamAttribute.bytesReceived, () => this.#inbound.bytes],
      [StreamAttribute.bytesSent, () => this.#outgoing.bytes],
      ...terminationAttributes(this.#recorder),
    ]));
  }

  #close(peerSees: 'EPIPE' | 'ECONNRESET'): void {
    if (this.#closing) return;
    this.#closing = true;
    const closed = new ClosedResourceError('the transport was closed');
    this.#inbound.buffer.close(closed);
    this.#inbound.readerGone(peerSees);
    this.#outgoing.stopWriters(closed);
    this.#outgoing.buffer.end();
    this.#outgoing.reader?.cause('peer-eof');
    this.#recorder.closed('local-close', { bytesReceived: this.#inbound.bytes, bytesSent: this.#outgoing.bytes });
  }

  /** @internal For a wrapper that saw why it closes this transport (a failed TLS handshake). */
  [RECORD_CAUSE](reason: TerminationReason, error?: unknown): void {
    this.#recorder.cause(reason, error);
  }
}
