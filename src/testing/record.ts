/**
 * `record`: a live transport's session, captured as it happens, to be saved as JSON and replayed
 * in virtual time (`replay`). The wrapper passes every call straight to the transport (no read
 * ahead, no copy of the flow control) and notes what the code under test saw and did, with the
 * time it happened: the bytes each read returned, EOF, a failed read, the bytes each send was
 * given, `sendEof` and `aclose`.
 *
 * ```ts
 * const origin = performance.now();   // shared by the session's connections
 * const t = record(await connectTcp('127.0.0.1', port), { origin });
 * // ... the code under test uses t ...
 * writeFileSync('session.json', JSON.stringify(t.recording(), null, 2));
 * ```
 */
import { defer, tap, type Observable } from 'rxjs';
import type { AsyncBackend, AsyncDatagramTransport, AsyncStreamTransport } from '../core/abc';
import type { AbortOptions } from '../internal/abort';
import { asBuffer, checkOptions } from '../internal/validate';
import type { TypedAttribute, TypedAttributeMap } from '../typed-attributes';
import { lookupAttribute } from '../typed-attributes';
import { encodeData, RECORDING_FORMAT, type RecordedEvent, type Recording } from './recording';

/** Options of `record`. */
export interface RecordOptions {
  /** The clock, in ms: fractional and monotonic keeps close events apart. Default: `performance.now`. */
  readonly clock?: () => number;
  /** A time of `clock` that `start` is counted from; share it across a session's transports. Default: now. */
  readonly origin?: number;
}

/** A transport that records its session. */
export interface Recorded {
  /** The session so far, as a recording (a snapshot: later events are not added to it). */
  recording(): Recording;
}

/** A stream transport that records its session. */
export type RecordedStreamTransport = AsyncStreamTransport & Recorded;
/** A datagram transport that records its session. */
export type RecordedDatagramTransport = AsyncDatagramTransport & Recorded;

/**
 * Wraps `transport` so that its session is recorded; the wrapper behaves as the transport does.
 * Throws `TypeError` at once for anything but a stream or datagram transport.
 */
export function record(transport: AsyncStreamTransport, options?: RecordOptions): RecordedStreamTransport;
export function record(transport: AsyncDatagramTransport, options?: RecordOptions): RecordedDatagramTransport;
export function record(
  transport: AsyncStreamTransport | AsyncDatagramTransport,
  options: RecordOptions = {},
): RecordedStreamTransport | RecordedDatagramTransport {
  checkOptions(options, 'record: options');
  const { clock = () => performance.now() } = options;
  if (typeof clock !== 'function') throw new TypeError('record: options.clock must be a function');
  const now = clock();
  const origin = options.origin ?? now;
  if (typeof origin !== 'number' || !Number.isFinite(origin)) throw new TypeError('record: options.origin must be a finite number');
  if ('sendAll' in transport && typeof transport.sendEof === 'function') {
    return new RecordedStream(transport, new Log('stream', clock, now, now - origin));
  }
  if ('send' in transport && typeof transport.send === 'function') {
    return new RecordedDatagrams(transport, new Log('datagram', clock, now, now - origin));
  }
  throw new TypeError('record: transport must be a stream transport (sendAll, sendEof) or a datagram transport (send)');
}

/** The events of one session, timed from its start. */
class Log {
  readonly #events: RecordedEvent[] = [];
  #ended = false;

  constructor(
    readonly kind: 'stream' | 'datagram',
    private readonly clock: () => number,
    private readonly began: number,
    private readonly start: number,
  ) {}

  data(type: 'received' | 'sent', bytes: Buffer): void {
    if (bytes.length > 0 || this.kind === 'datagram') this.#events.push({ t: this.#t(), type, ...encodeData(bytes) });
  }

  /** EOF and a failed read are noted once: every later read repeats them. */
  end(type: 'received-eof'): void;
  end(type: 'received-error', error: unknown): void;
  end(type: 'received-eof' | 'received-error', error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (type === 'received-eof') {
      this.#events.push({ t: this.#t(), type });
      return;
    }
    const { name = 'Error', message = String(error), code } = (error ?? {}) as { name?: string; message?: string; code?: unknown };
    this.#events.push({ t: this.#t(), type, error: { name, message, ...(typeof code === 'string' ? { code } : {}) } });
  }

  mark(type: 'sent-eof' | 'closed'): void {
    if (!this.#events.some((event) => event.type === type)) this.#events.push({ t: this.#t(), type });
  }

  recording(): Recording {
    return { format: RECORDING_FORMAT, version: 1, kind: this.kind, start: this.start, events: [...this.#events] };
  }

  #t(): number {
    return this.clock() - this.began;
  }
}

/** What both recorded kinds delegate unchanged. */
abstract class RecordedBase<T extends AsyncStreamTransport | AsyncDatagramTransport> implements Recorded {
  constructor(
    protected readonly inner: T,
    protected readonly log: Log,
  ) {}

  get extraAttributes(): TypedAttributeMap {
    return this.inner.extraAttributes;
  }

  extra<V>(attribute: TypedAttribute<V>): V;
  extra<V, D>(attribute: TypedAttribute<V>, fallback: D): V | D;
  extra<V>(attribute: TypedAttribute<V>, ...fallback: [] | [unknown]): unknown {
    return lookupAttribute(this.inner.extraAttributes, attribute, ...fallback);
  }

  backend(): AsyncBackend {
    return this.inner.backend();
  }

  isClosing(): boolean {
    return this.inner.isClosing();
  }

  aclose(options?: AbortOptions): Promise<void> {
    this.log.mark('closed');
    return this.inner.aclose(options);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.aclose();
  }

  recording(): Recording {
    return this.log.recording();
  }

  /** Notes what a read resolved (`bytes` says what it means; undefined: nothing) or rejected with, and passes it on. */
  protected read<V>(result: Promise<V>, bytes: (value: V) => Buffer | undefined): Promise<V> {
    return result.then(
      (value) => {
        const received = bytes(value);
        if (received !== undefined) this.#received(received);
        return value;
      },
      (error: unknown) => {
        this.#failed(error);
        throw error;
      },
    );
  }

  protected read$(result: Observable<Buffer>): Observable<Buffer> {
    return result.pipe(tap({ next: (chunk) => this.#received(chunk), error: (error: unknown) => this.#failed(error) }));
  }

  #received(bytes: Buffer): void {
    if (this.log.kind === 'stream' && bytes.length === 0) this.log.end('received-eof');
    else this.log.data('received', bytes);
  }

  #failed(error: unknown): void {
    // A read refused for the caller's own reasons (busy, closed, aborted) says nothing about the peer.
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'BusyResourceError' || name === 'ClosedResourceError' || name === 'AbortError' || name === 'TypeError' || name === 'RangeError') return;
    if (this.inner.isClosing()) return;
    this.log.end('received-error', error);
  }
}

class RecordedStream extends RecordedBase<AsyncStreamTransport> implements RecordedStreamTransport {
  /** Present when the inner transport has it, so `sendAllTo` keeps its synchronous path. */
  readonly sendAll$?: (data: ArrayBufferView) => Observable<void>;

  constructor(inner: AsyncStreamTransport, log: Log) {
    super(inner, log);
    const primitive = inner.sendAll$?.bind(inner);
    if (primitive !== undefined) {
      this.sendAll$ = (data) =>
        defer(() => {
          if (ArrayBuffer.isView(data) && !inner.isClosing()) log.data('sent', asBuffer(data));
          return primitive(data);
        });
    }
  }

  recv(bufsize: number, options?: AbortOptions): Promise<Buffer> {
    return this.read(this.inner.recv(bufsize, options), (chunk) => (bufsize === 0 ? undefined : chunk));
  }

  recvInto(buffer: ArrayBufferView, options?: AbortOptions): Promise<number> {
    return this.read(this.inner.recvInto(buffer, options), (count) =>
      buffer.byteLength === 0 ? undefined : asBuffer(buffer).subarray(0, count),
    );
  }

  recv$(bufsize: number): Observable<Buffer> {
    return bufsize === 0 ? this.inner.recv$(bufsize) : this.read$(this.inner.recv$(bufsize));
  }

  sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    if (ArrayBuffer.isView(data) && !this.inner.isClosing()) this.log.data('sent', asBuffer(data));
    return this.inner.sendAll(data, options);
  }

  sendAllFromIterable(chunks: Iterable<ArrayBufferView>, options?: AbortOptions): Promise<void> {
    // Materialised once, so a one-shot iterable is both recorded and sent.
    const all = [...chunks];
    if (!this.inner.isClosing() && all.every((chunk) => ArrayBuffer.isView(chunk))) {
      this.log.data('sent', Buffer.concat(all.map((chunk) => asBuffer(chunk))));
    }
    return this.inner.sendAllFromIterable(all, options);
  }

  sendEof(): Promise<void> {
    if (!this.inner.isClosing()) this.log.mark('sent-eof');
    return this.inner.sendEof();
  }
}

class RecordedDatagrams extends RecordedBase<AsyncDatagramTransport> implements RecordedDatagramTransport {
  recv(options?: AbortOptions): Promise<Buffer> {
    return this.read(this.inner.recv(options), (datagram) => datagram);
  }

  recv$(): Observable<Buffer> {
    return this.read$(this.inner.recv$());
  }

  send(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    if (ArrayBuffer.isView(data) && !this.inner.isClosing()) this.log.data('sent', asBuffer(data));
    return this.inner.send(data, options);
  }
}
