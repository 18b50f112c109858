/**
 * A stream transport over a connected `net.Socket` (TCP or Unix): the adapter between Node's
 * socket events and rxnet's stream contract.
 *
 * Contracts honoured here: C1-C7 and S1-S7.
 * - Reads: `'data'` enters a `StreamReceiveBuffer` (bounded, S6: the socket is paused at
 *   `highWaterMark` and resumed when `recv` drains it); `recv` is that buffer's `read`.
 * - Writes: `sendAll` resolves once the bytes are in the kernel (so the caller may reuse its
 *   buffer) or, when the socket queued them, once Node reports them written. Writes are issued
 *   synchronously in call order, so concurrent sends never interleave (C5).
 * - Close: `aclose` flushes what was sent, sends FIN, then releases the socket (S7); aborted,
 *   or via `acloseForcefully`, it destroys the socket at once (C2). The socket is opened with
 *   `allowHalfOpen`, so a peer's EOF never ends our side of the stream (S5).
 * - P1: a `held` transport leaves its socket paused until `startReading()`.
 * - P3: with `idleTimeout`, no byte received or sent for that long destroys the socket, and
 *   reads and sends reject `IdleTimeoutError` from then on.
 * - O1: each cause is recorded where it is seen (the peer's FIN, an error, idleness, a local
 *   close); the first is the termination's reason, completed with Node's byte counts at
 *   `'close'`.
 *
 * A `tls.TLSSocket` is a `net.Socket` too: the TLS transport extends this adapter and replaces
 * the protected hooks where TLS differs (end of input, graceful close, abort). The TLS layer may
 * also take the socket itself (`[HAND_OVER]`) to run Node's TLS on it, when that loses nothing.
 */
import * as net from 'node:net';
import { timer } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { RESET } from '../core/aclose-forcefully';
import { BrokenResourceError, BusyResourceError, ClosedResourceError, IdleTimeoutError, TypedAttributeLookupError } from '../errors';
import { RECORD_CAUSE, reasonOf, terminationAttributes, TerminationRecorder, type TerminationReason } from '../core/termination';
import { IdleTimer } from '../internal/idle-timer';
import { raceAbort, signalOf, type AbortOptions } from '../internal/abort';
import { asBuffer, attempt, checkBytes } from '../internal/validate';
import { SENT } from '../internal/sent';
import {
  SocketAttribute,
  StreamAttribute,
  type InetAddress,
  type TypedAttribute,
  type TypedAttributeMap,
} from '../typed-attributes';
import { BufferedStreamTransport } from '../reading/buffered';
import { DEFAULT_HIGH_WATER_MARK, StreamReceiveBuffer } from '../reading/stream-receive-buffer';

/** How a socket transport names its ends: IP endpoints, or Unix paths known to its factory. */
export type SocketEnds = { readonly kind: 'inet' } | { readonly kind: 'unix'; readonly local: string; readonly remote: string };

/** Options of a socket stream transport. */
export interface SocketStreamTransportOptions {
  /** Unread bytes held before the socket is paused (S6). Default 256 KiB. */
  readonly highWaterMark?: number;
  /** Default: IP endpoints read from the socket. */
  readonly ends?: SocketEnds;
  /**
   * Keep the socket paused until `startReading()` (P1): a connection accepted and not yet
   * handed out costs Node's socket and nothing more. Default false.
   */
  readonly held?: boolean;
  /** Milliseconds without a byte received or sent before the transport is closed abruptly (P3). */
  readonly idleTimeout?: number;
  /**
   * @internal Called with the transport once its socket has closed, however it closed: how a
   * listener forgets what it handed out (L5) without touching the socket itself. Given the
   * transport, so that a listener can pass one function (in one options object) to all.
   */
  readonly onClosed?: (transport: SocketStreamTransport) => void;
}

const INET: SocketEnds = { kind: 'inet' };

/** The empty write of `afterEarlierWrites`. */
const NOTHING = Buffer.alloc(0);

/** How long a graceful close waits, after its FIN, for the peer's EOF (see `closeGracefully`). */
const LINGER_MS = 2_000;

/**
 * @internal The key of `[HAND_OVER]()`: how the TLS layer takes a socket to run Node's TLS on
 * it natively (T2's fast path).
 */
export const HAND_OVER = Symbol('rxnet.handOver');

/**
 * Node's own `'end'` listener: one function (`onReadableStreamEnd`) that every `net.Socket`,
 * and so every `tls.TLSSocket`, registers when it is made; undefined if this Node registers
 * none or several. A second `'end'` listener turns the socket's one function into an array,
 * which Node 24 also gives a property (its emit counter): about 100 bytes per connection. So a
 * transport takes Node's listener off and calls it first from its own (`#onEndAfterNode`):
 * the same calls in the same order, one function.
 */
const NODE_END_LISTENER: ((this: net.Socket) => void) | undefined = (() => {
  const listeners = new net.Socket().listeners('end');
  return listeners.length === 1 ? (listeners[0] as (this: net.Socket) => void) : undefined;
})();

/**
 * Start times are kept relative to this module's load: on the default scheduler (`Date.now()`)
 * that is a small integer, which V8 keeps in the field itself, where a full timestamp takes a
 * 16-byte number object, one per connection.
 */
const EPOCH = Date.now();

/** Where a socket keeps the transport that owns it. */
const OWNER = Symbol('rxnet.SocketStreamTransport');
type OwnedSocket = net.Socket & { [OWNER]?: SocketStreamTransport };

/** One `sendAll` still waiting for Node to report its bytes written. */
interface PendingSend {
  fail(error: Error): void;
}

// Its methods are TypeScript-private, not `#`: a class with `#` methods gives each instance a
// brand slot (8 bytes), and a server holds one of these per idle connection.
export class SocketStreamTransport extends BufferedStreamTransport {
  readonly #socket: net.Socket;
  readonly #backend: AsyncBackend;
  /**
   * Kept, not copied into fields: a listener gives every transport it makes one options object,
   * so what its connections share costs each of them one field.
   */
  readonly #options: SocketStreamTransportOptions;
  /** Made on the first send that has to wait: most connections never need it. */
  #pendingSends: Set<PendingSend> | undefined;
  #closing = false;
  #eofSent = false;
  /** Why the transport can no longer be used, though not closed locally: a peer failure (C4) or idleness (P3). */
  #broken: BrokenResourceError | IdleTimeoutError | undefined;
  /** Armed at construction, or by `startReading` when held: a waiting connection is not idle. */
  #idle: IdleTimer | undefined;
  /** Made at the first cause, close or attribute read: an idle connection holds only its start time. */
  #recorder: TerminationRecorder | undefined;
  /** The scheduler's time at construction, less `EPOCH`. */
  readonly #startedAt: number;
  #closed: Promise<void> | undefined;
  #attributes: TypedAttributeMap | undefined;

  /** Takes ownership of a connected socket; its listeners are attached before anything can emit. */
  constructor(socket: net.Socket, backend: AsyncBackend, options: SocketStreamTransportOptions = {}) {
    // The socket is its own flow control (pause/resume): no closures held per connection.
    // Made before the 'data' listener below, so that a held buffer's pause holds.
    super(new StreamReceiveBuffer(options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK, socket, options.held));
    this.#socket = socket;
    this.#backend = backend;
    this.#options = options;
    this.#startedAt = backend.scheduler.now() - EPOCH;
    (socket as OwnedSocket)[OWNER] = this;
    socket.on('data', SocketStreamTransport.#onData);
    if (NODE_END_LISTENER !== undefined && socket.listenerCount('end') === 1 && socket.listenerCount('end', NODE_END_LISTENER) === 1) {
      socket.removeListener('end', NODE_END_LISTENER);
      socket.on('end', SocketStreamTransport.#onEndAfterNode);
    } else {
      socket.on('end', SocketStreamTransport.#onEnd);
    }
    socket.on('error', SocketStreamTransport.#onError);
    socket.on('close', SocketStreamTransport.#onClose);
    if (!options.held) this.armIdle();
  }

  // The socket's listeners are shared by every transport and find theirs through the socket
  // (as Node's own handles find their owner): a server holds one transport per connection, and
  // four closures each would cost as much as the transport itself.
  static #owner(socket: net.Socket): SocketStreamTransport {
    return (socket as OwnedSocket)[OWNER] as SocketStreamTransport;
  }

  static #onData(this: net.Socket, chunk: Buffer): void {
    const owner = SocketStreamTransport.#owner(this);
    owner.#idle?.touch();
    owner.incoming.push(chunk);
  }

  static #onEnd(this: net.Socket): void {
    SocketStreamTransport.#owner(this).endOfInput();
  }

  /** `#onEnd` in place of Node's own listener, which it calls first (see `NODE_END_LISTENER`). */
  static #onEndAfterNode(this: net.Socket): void {
    (NODE_END_LISTENER as (this: net.Socket) => void).call(this);
    SocketStreamTransport.#owner(this).endOfInput();
  }

  static #onError(this: net.Socket, error: Error): void {
    SocketStreamTransport.#owner(this).fail(error);
  }

  static #onClose(this: net.Socket): void {
    const owner = SocketStreamTransport.#owner(this);
    owner.#idle?.stop();
    owner.incoming.end();
    owner.record.closed(owner.#closing ? 'local-close' : 'error', { bytesReceived: this.bytesRead, bytesSent: this.bytesWritten });
    owner.#options.onClosed?.(owner);
  }

  /** The backend this transport belongs to; its scheduler times the transport's timers. */
  backend(): AsyncBackend {
    return this.#backend;
  }

  /** True from the first `aclose` on (C1). */
  isClosing(): boolean {
    return this.#closing;
  }

  /** Writes at once, in call order (C5); resolves once the bytes left Node or Node reports them written (S3). */
  sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    // Not `attempt(() => ...)`: with recv, this is the hottest call there is.
    try {
      checkBytes(data, 'sendAll: data');
      const signal = signalOf(options, 'sendAll');
      if (signal?.aborted) return Promise.reject(signal.reason);
      this.checkWritable();
      if (data.byteLength === 0) return SENT;
      return this.writeBuffers([asBuffer(data)], signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** One corked write of every chunk (S4): Node sends them with a single `writev`. */
  override sendAllFromIterable(chunks: Iterable<ArrayBufferView>, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      const buffers: Buffer[] = [];
      let i = 0;
      for (const chunk of chunks) {
        checkBytes(chunk, `sendAllFromIterable: chunk ${i++}`);
        if (chunk.byteLength > 0) buffers.push(asBuffer(chunk));
      }
      const signal = signalOf(options, 'sendAllFromIterable');
      if (signal?.aborted) return Promise.reject(signal.reason);
      this.checkWritable();
      if (buffers.length === 0) return SENT;
      return this.writeBuffers(buffers, signal);
    });
  }

  /** Half-closes after what was sent (S5); idempotent. */
  sendEof(): Promise<void> {
    if (this.#closing) return Promise.reject(new ClosedResourceError('the transport was closed'));
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    if (!this.#eofSent) {
      this.#eofSent = true;
      this.#socket.end();
    }
    return SENT;
  }

  /** Flushes, sends FIN, lingers for the peer's EOF (S7); abruptly if `signal` aborts (C1, C2). */
  aclose(options?: AbortOptions): Promise<void> {
    // Not `attempt(() => ...)`, and no abort callback without a signal: `serve(handler)` closes
    // every connection this way, and each closure would be allocated per connection.
    try {
      const signal = signalOf(options, 'aclose');
      if (signal?.aborted) this.destroyAbruptly();
      if (this.#closed === undefined) {
        this.record.cause(signal?.aborted ? 'local-abort' : 'local-close');
        this.markClosing();
        this.#closed = this.closeGracefully(this.#socket);
      }
      return signal === undefined ? this.#closed : raceAbort(this.#closed, signal, () => this.destroyAbruptly());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Socket addresses and family (A2), the receive buffer's state (S6), byte counts and the termination (O1, O2). */
  override get extraAttributes(): TypedAttributeMap {
    return (this.#attributes ??= this.socketAttributes());
  }

  /** @internal A `held` transport starts reading from its socket (P1); otherwise nothing. */
  startReading(): void {
    if (this.#idle === undefined && !this.#socket.destroyed) this.armIdle();
    this.incoming.startReading();
  }

  private armIdle(): void {
    const timeout = this.#options.idleTimeout;
    if (timeout === undefined) return;
    this.#idle = new IdleTimer(timeout, this.#backend.scheduler, () => {
      if (this.#closing || this.#broken !== undefined) return;
      const error = new IdleTimeoutError(`no byte received or sent for ${timeout} ms`);
      this.record.cause('idle-timeout', error);
      this.failWith(error);
      this.abort(this.#socket);
    });
  }

  /** Rejects (throws into the caller's promise) when sending is no longer possible. */
  private checkWritable(): void {
    if (this.#closing) throw new ClosedResourceError('the transport was closed');
    if (this.#broken !== undefined) throw this.#broken;
    if (this.#eofSent) throw new ClosedResourceError('sendEof() was called: the write side is closed');
    // Ended without sendEof: the layer below closed our write side (a TLS close_notify answered).
    if (this.#socket.writableEnded) {
      throw this.brokenBy(Object.assign(new Error('the peer closed the connection'), { code: 'EPIPE' }));
    }
  }

  private writeBuffers(buffers: Buffer[], signal: AbortSignal | undefined): Promise<void> {
    const socket = this.#socket;
    this.#idle?.touch();
    // Written without a callback: a write with one costs Node a nextTick to call it, even when
    // the kernel took the bytes at once, which is the common case.
    if (buffers.length === 1) {
      socket.write(buffers[0]);
    } else {
      socket.cork();
      for (const buffer of buffers) socket.write(buffer);
      socket.uncork();
    }
    // Nothing queued in Node: the bytes are in the kernel and the caller's buffer is free.
    if (socket.writableLength === 0 && !socket.destroyed) return SENT;
    let pending: ((error?: Error | null) => void) | undefined;
    this.afterEarlierWrites(socket, (error) => pending?.(error));
    const done = new Promise<void>((resolve, reject) => {
      const entry: PendingSend = {
        fail: (error) => {
          this.#pendingSends?.delete(entry);
          pending = undefined;
          reject(error);
        },
      };
      (this.#pendingSends ??= new Set()).add(entry);
      // Node reports each write once, in order; a local close or failure settles it first.
      pending = (error) => {
        pending = undefined;
        this.#pendingSends?.delete(entry);
        if (!error) resolve();
        else reject(this.#closing ? new ClosedResourceError('the transport was closed') : this.brokenBy(error));
      };
    });
    return raceAbort(done, signal, () => this.destroyAbruptly());
  }

  /**
   * Calls `callback` once Node has handed every byte written to `socket` so far over to the
   * layer below (or failed to): the callback of an empty write, which Node completes in order.
   */
  protected afterEarlierWrites(socket: net.Socket, callback: (error?: Error | null) => void): void {
    socket.write(NOTHING, callback);
  }

  private brokenBy(error: Error): BrokenResourceError | IdleTimeoutError {
    return (this.#broken ??= new BrokenResourceError(`connection broken: ${error.message}`, { cause: error }));
  }

  /** The peer ended its side: reads see EOF after the buffered bytes. */
  protected endOfInput(): void {
    this.record.cause('peer-eof');
    this.incoming.end();
  }

  private get record(): TerminationRecorder {
    return (this.#recorder ??= new TerminationRecorder(this.#backend.scheduler, this, this.#startedAt + EPOCH));
  }

  /** Whether a peer failure or idleness broke the transport (C4, P3): no graceful exchange is left to have. */
  protected get broken(): boolean {
    return this.#broken !== undefined;
  }

  /** O1: a cause seen by this transport or by a wrapper that closes it (first one wins). */
  protected recordCause(reason: TerminationReason, error?: unknown): void {
    this.record.cause(reason, error);
  }

  /**
   * @internal `resetForcefully`: closes with RST where the socket is TCP, so the peer's reads
   * fail ECONNRESET; a Unix socket has no reset and is destroyed. Idempotent.
   */
  [RESET](): void {
    if (this.#closing) return;
    this.record.cause('local-abort');
    this.markClosing();
    this.resetSocket(this.#socket);
  }

  /**
   * @internal Gives this transport's socket to a layer that reads and writes it itself (Node's
   * TLS on the socket, T2's fast path), when nothing of this transport's own is in flight: no
   * unread byte (here or in Node's stream), no read or send pending, no end, no failure, no
   * close, no idle timer. Returns the socket, or undefined (the caller then goes through
   * `recv`/`sendAll`). After it, this transport's reads reject `BusyResourceError`; it still
   * records how the socket closed (O1) and closes it when closed.
   */
  [HAND_OVER](): net.Socket | undefined {
    const socket = this.#socket;
    if (
      this.#closing ||
      this.#broken !== undefined ||
      this.#eofSent ||
      this.#options.idleTimeout !== undefined ||
      (this.#pendingSends !== undefined && this.#pendingSends.size > 0) ||
      socket.readyState !== 'open' ||
      socket.readableLength > 0 ||
      socket.writableLength > 0 ||
      !this.incoming.handOver(new BusyResourceError('the socket is read by the TLS layer over this transport'))
    ) {
      return undefined;
    }
    socket.off('data', SocketStreamTransport.#onData);
    socket.off('end', SocketStreamTransport.#onEnd);
    if (socket.listenerCount('end', SocketStreamTransport.#onEndAfterNode) > 0) {
      // Node's own listener goes back: the layer taking the socket gets it as Node made it.
      socket.off('end', SocketStreamTransport.#onEndAfterNode);
      socket.on('end', NODE_END_LISTENER as (this: net.Socket) => void);
    }
    return socket;
  }

  /** The reset of `[RESET]`; the TLS transport replaces it (its socket is TLS's, not TCP's). */
  protected resetSocket(socket: net.Socket): void {
    try {
      socket.resetAndDestroy();
    } catch {
      // ERR_INVALID_HANDLE_TYPE: not a TCP socket.
      socket.destroy();
    }
  }

  /** @internal For a wrapper that saw why it closes this transport (a failed TLS handshake). */
  [RECORD_CAUSE](reason: TerminationReason, error?: unknown): void {
    this.record.cause(reason, error);
  }

  /** A peer or path failure (C4): sticky, seen by reads after the buffered bytes and by every send. */
  protected fail(error: Error): void {
    if (this.#closing) return;
    this.record.cause(reasonOf(error), error);
    this.failWith(this.brokenBy(error));
  }

  private failWith(error: BrokenResourceError | IdleTimeoutError): void {
    this.#broken ??= error;
    this.incoming.fail(error);
    for (const send of [...(this.#pendingSends ?? [])]) send.fail(error);
  }

  /** Local close (C3): from here every operation rejects `ClosedResourceError`. */
  private markClosing(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#idle?.stop();
    // The error is made only for what waits on it: most closes have no pending send or read.
    this.incoming.close();
    if (this.#pendingSends === undefined || this.#pendingSends.size === 0) return;
    const closed = new ClosedResourceError('the transport was closed');
    for (const send of [...this.#pendingSends]) send.fail(closed);
  }

  private destroyAbruptly(): void {
    this.record.cause('local-abort');
    this.markClosing();
    this.abort(this.#socket);
  }

  /** The abrupt close: release everything at once, skipping every exchange with the peer. */
  protected abort(socket: net.Socket): void {
    socket.destroy();
  }

  /**
   * The graceful close, once the transport is marked closing (S7): flush what was sent, send
   * FIN, then linger until the peer's EOF before releasing the socket. Closing a socket whose
   * receive queue holds unread bytes makes the kernel send RST, and the peer then drops what it
   * had not read yet; so the lingering reads (and discards) until the peer ends, for at most
   * `LINGER_MS` on the backend's scheduler. Resolves when the socket closed.
   *
   * Listeners here are `on`, not `once`: each event comes once per socket, and a server closes
   * a connection this way every time; `once`'s wrapper, and the listener array it copies when
   * it removes itself, cost more than a listener left on a socket that is closing.
   */
  protected closeGracefully(socket: net.Socket): Promise<void> {
    return new Promise<void>((resolve) => {
      if (socket.closed) return resolve();
      socket.on('close', () => resolve());
      if (socket.destroyed) return;
      // Nothing to flush: all of it was written, or this socket never writes (a stdin pipe).
      if (socket.writableFinished || (!socket.writable && !socket.writableEnded)) return this.lingerThenDestroy(socket);
      socket.on('finish', () => this.lingerThenDestroy(socket));
      socket.end();
    });
  }

  /**
   * The end of a graceful close, once our FIN is sent: reads (and discards) until the peer's
   * EOF, for at most `LINGER_MS` on the backend's scheduler, then destroys `socket`.
   */
  protected lingerThenDestroy(socket: net.Socket): void {
    const release = (): void => void socket.destroy();
    // Nothing more can arrive: the peer ended, or this socket never reads (a stdout pipe).
    if (socket.readableEnded || !socket.readable) return release();
    const timeout = timer(LINGER_MS, this.#backend.scheduler).subscribe(release);
    socket.on('close', () => timeout.unsubscribe());
    socket.on('end', release);
    socket.resume();
  }

  private socketAttributes(): TypedAttributeMap {
    const socket = this.#socket;
    const ends = this.#options.ends ?? INET;
    const entries: Array<[TypedAttribute<unknown>, () => unknown]> = [
      [SocketAttribute.socket, () => socket],
      [StreamAttribute.bufferedBytes, () => this.incoming.buffered],
      [StreamAttribute.highWaterMark, () => this.incoming.highWaterMark],
      [StreamAttribute.bytesReceived, () => socket.bytesRead],
      [StreamAttribute.bytesSent, () => socket.bytesWritten],
      ...terminationAttributes(this.record),
    ];
    if (ends.kind === 'unix') {
      entries.push(
        [SocketAttribute.family, () => 'unix'],
        [SocketAttribute.localAddress, () => ends.local],
        [SocketAttribute.remoteAddress, () => ends.remote],
      );
    } else {
      entries.push(
        [SocketAttribute.family, () => socket.localFamily ?? lookupFailed('family')],
        [SocketAttribute.localAddress, () => inetAddress(socket.localAddress, socket.localPort, 'localAddress')],
        [SocketAttribute.remoteAddress, () => inetAddress(socket.remoteAddress, socket.remotePort, 'remoteAddress')],
      );
    }
    return new Map(entries);
  }
}

function inetAddress(host: string | undefined, port: number | undefined, name: string): InetAddress {
  if (host === undefined || port === undefined) return lookupFailed(name);
  return { host, port };
}

function lookupFailed(name: string): never {
  throw new TypedAttributeLookupError(`${name} is not available (the socket is closed)`);
}
