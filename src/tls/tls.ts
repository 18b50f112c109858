/**
 * `src/tls/`: TLS over any stream transport, the TLS listener, STARTTLS. Node's TLS is the
 * cryptography, so this folder necessarily imports `node:tls` (and `node:net` for `isIP` and
 * the socket types); it builds on `node/`'s socket adapter and `serving/`'s listener base.
 *
 * `AsyncTLSStreamTransport`: TLS over any `AsyncStreamTransport` (T1-T5), with Node's `tls`
 * doing the cryptography over a `TransportDuplex` of the inner transport (the JS path), or,
 * T2's fast path, over the inner transport's socket itself (the native path). The native path
 * is taken only where it behaves the same: non-standard mode (T4: Node's TLS on a socket reports
 * a close_notify and a bare FIN alike, so it cannot tell a truncation), over a socket transport
 * of this library with nothing of its own in flight (`[HAND_OVER]`: no buffered byte is lost).
 *
 * The cleartext side is a `tls.TLSSocket`, a `net.Socket`, so reading, writing, flow control
 * and the C* rules come from `SocketStreamTransport`; this file adds what TLS changes:
 * - T1/T3: `wrap` handshakes eagerly, bounded by `handshakeTimeout` on the backend's scheduler;
 *   a failed handshake rejects with Node's error (its `code` kept), a slow one with RxJS's
 *   `TimeoutError`, and either way the inner transport is force-closed.
 * - T4: in standard mode `aclose` sends close_notify and waits up to `shutdownTimeout` for the
 *   peer's, and a peer that ends the stream without close_notify (a truncation) makes `recv`
 *   reject `BrokenResourceError`. Non-standard mode skips the closing exchange and reads such an
 *   end as EOF.
 * - S5: `sendEof` rejects `UnsupportedOperation` (TLS 1.3 has no portable half-close).
 * - A1/A3: TLS attributes, plus every attribute of the inner transport.
 */
import type * as net from 'node:net';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { defer, firstValueFrom, map, merge, Observable, tap, timeout, TimeoutError, timer } from 'rxjs';
import { ClosedResourceError, TypedAttributeLookupError, UnsupportedOperation } from '../errors';
import { firstValueAbortable, signalOf, type AbortOptions } from '../internal/abort';
import { attempt, checkOptions, checkPositive, checkSize } from '../internal/validate';
import { StreamAttribute, TLSAttribute, type TypedAttribute, type TypedAttributeMap } from '../typed-attributes';
import type { AsyncStreamTransport } from '../core/abc';
import { HAND_OVER, SocketStreamTransport } from '../node/socket-stream';
import { acloseForcefully, resetForcefully } from '../core/aclose-forcefully';
import { resolveTLSContext, type ResolvedTLSContext, type TLSContext } from './tls-context';
import { channels, type HandshakeFailureMessage, type HandshakeStartMessage, type HandshakeSuccessMessage } from '../core/diagnostics';
import { reasonOf, recordCause, TransportAttribute } from '../core/termination';
import { TLSEnding } from './tls-ending';
import { TransportDuplex } from './transport-duplex';

/** Options of `AsyncTLSStreamTransport.wrap` (T1). Times are in milliseconds. */
export interface TLSWrapOptions extends AbortOptions {
  /** Bound of the handshake; then `TimeoutError`. Default 60 000. */
  readonly handshakeTimeout?: number;
  /** How long `aclose` waits for the peer's close_notify. Default 30 000. */
  readonly shutdownTimeout?: number;
  /** Which side of the handshake this is. Default: `!serverHostname`. */
  readonly serverSide?: boolean;
  /** The name the server's certificate must match (and SNI, unless it is an IP). Required client side. */
  readonly serverHostname?: string;
  /** Closing handshake and truncation detection (T4). Default true. */
  readonly standardCompatible?: boolean;
  /** A session from an earlier connection (`TLSAttribute.session`) to resume. */
  readonly session?: Buffer;
  /** Unread cleartext bytes held before TLS stops reading (S6). Default 256 KiB. */
  readonly highWaterMark?: number;
  /** Milliseconds without a cleartext byte received or sent before an abrupt close with `IdleTimeoutError` (P3). Default: none. */
  readonly idleTimeout?: number;
}

/** The settings a handshake fixed, kept by the transport for its close and its attributes. */
export interface TLSSettings {
  readonly serverSide: boolean;
  readonly handshakeTimeout: number;
  readonly highWaterMark?: number;
  readonly idleTimeout?: number;
  readonly standardCompatible: boolean;
  readonly shutdownTimeout: number;
  readonly context: ResolvedTLSContext;
}

/**
 * How Node's TLS reaches the inner transport: a Duplex over its `recv`/`sendAll` with the
 * ending it watches (any transport; T4 exact), or the inner transport's socket itself.
 */
type Wire = { readonly duplex: TransportDuplex; readonly ending: TLSEnding } | { readonly socket: net.Socket };

const DEFAULT_HANDSHAKE_TIMEOUT = 60_000;
const DEFAULT_SHUTDOWN_TIMEOUT = 30_000;

/**
 * A stream transport over TLS (seed: `AsyncTLSStreamTransport`): made by `wrap`, `connectTls`,
 * `startTls` or a TLS listener, always handshaken. TLS has no half-close (S5); see T1-T5.
 */
export class AsyncTLSStreamTransport extends SocketStreamTransport {
  readonly #inner: AsyncStreamTransport;
  readonly #wire: Wire;
  readonly #tlsSocket: tls.TLSSocket;
  readonly #settings: TLSSettings;
  #attributes: TypedAttributeMap | undefined;

  /**
   * Wraps `transport` in TLS and resolves once the handshake is done (T1). Works over any
   * stream transport (T2). On failure the inner transport is force-closed (T3).
   */
  static wrap(transport: AsyncStreamTransport, context: TLSContext, options: TLSWrapOptions = {}): Promise<AsyncTLSStreamTransport> {
    return attempt(async () => {
      const handshake$ = AsyncTLSStreamTransport.handshake$(transport, context, options);
      try {
        return await firstValueAbortable(handshake$, signalOf(options, 'wrap'));
      } catch (error) {
        await acloseForcefully(transport);
        throw error;
      }
    });
  }

  /**
   * @internal The handshake as a cold Observable: emits the transport once handshaken;
   * unsubscribing before that abandons it (the inner transport is left to its owner).
   * Validates its arguments at once. For a listener, `serving` holds the transport until
   * `startReading()` (P1) and tells `onClosed` when it has closed (L5).
   */
  static handshake$(
    transport: AsyncStreamTransport,
    context: TLSContext,
    options: TLSWrapOptions = {},
    serving?: { readonly onClosed: (transport: AsyncTLSStreamTransport) => void },
  ): Observable<AsyncTLSStreamTransport> {
    checkStreamTransport(transport);
    const settings = wrapSettings(context, options);
    const { serverSide, context: resolved } = settings;
    const { serverHostname, session } = options;

    const handshake$ = new Observable<AsyncTLSStreamTransport>((subscriber) => {
      const wire = wireTo(transport, settings.standardCompatible);
      const under = 'socket' in wire ? wire.socket : wire.duplex;
      const socket = serverSide
        ? new tls.TLSSocket(
            under,
            definedOnly({
              isServer: true,
              secureContext: resolved.secureContext,
              requestCert: resolved.requestCert,
              rejectUnauthorized: resolved.rejectUnauthorized,
              ALPNProtocols: resolved.ALPNProtocols,
              SNICallback: resolved.SNICallback,
            }),
          )
        : tls.connect(
            definedOnly({
              socket: under,
              secureContext: resolved.secureContext,
              host: serverHostname,
              servername: isIP(serverHostname as string) === 0 ? serverHostname : undefined,
              rejectUnauthorized: resolved.rejectUnauthorized,
              checkServerIdentity: resolved.checkServerIdentity,
              ALPNProtocols: resolved.ALPNProtocols,
              session,
            }),
          );
      if ('ending' in wire) wire.ending.watchPushedEof(socket);
      else resetThroughTls(wire.socket, socket);
      let secured = false;
      const onError = (error: Error): void => subscriber.error(error);
      const onEnded = (): void =>
        subscriber.error(Object.assign(new Error('the peer closed the connection during the TLS handshake'), { code: 'ECONNRESET' }));
      socket.once('error', onError);
      socket.once('end', onEnded);
      socket.once('close', onEnded);
      socket.once(serverSide ? 'secure' : 'secureConnect', () => {
        const refusal = serverSide ? clientCertificateRefusal(socket, resolved) : undefined;
        if (refusal !== undefined) return subscriber.error(refusal);
        secured = true;
        socket.off('error', onError);
        socket.off('end', onEnded);
        socket.off('close', onEnded);
        // Made here, in Node's callback, so its listeners are attached before anything else can emit.
        subscriber.next(new AsyncTLSStreamTransport(socket, wire, transport, settings, serving));
        subscriber.complete();
      });
      return () => {
        if (!secured) socket.destroy();
      };
    });
    const scheduler = transport.backend().scheduler;
    return defer(() => {
      const started = scheduler.now();
      if (channels.handshakeStart.hasSubscribers) channels.handshakeStart.publish({ transport, serverSide } satisfies HandshakeStartMessage);
      return handshake$.pipe(
        timeout({ first: settings.handshakeTimeout, scheduler }),
        tap({
          next: (secured) => {
            if (!channels.handshakeSuccess.hasSubscribers) return;
            const protocol = secured.#tlsSocket.getProtocol();
            channels.handshakeSuccess.publish({ transport, serverSide, durationMs: scheduler.now() - started, protocol } satisfies HandshakeSuccessMessage);
          },
          error: (error: unknown) => {
            // O1: the inner transport ends because of the handshake, whoever closes it next.
            const reason = error instanceof TimeoutError ? 'handshake-timeout' : 'handshake-failed';
            recordCause(transport, reason, error);
            if (channels.handshakeFailure.hasSubscribers) {
              channels.handshakeFailure.publish({ transport, serverSide, durationMs: scheduler.now() - started, reason, error } satisfies HandshakeFailureMessage);
            }
          },
        }),
      );
    });
  }

  private constructor(
    socket: tls.TLSSocket,
    wire: Wire,
    inner: AsyncStreamTransport,
    settings: TLSSettings,
    serving: { readonly onClosed: (transport: AsyncTLSStreamTransport) => void } | undefined,
  ) {
    const { highWaterMark, idleTimeout } = settings;
    super(socket, inner.backend(), {
      highWaterMark,
      idleTimeout,
      held: serving !== undefined,
      onClosed: serving?.onClosed as ((transport: SocketStreamTransport) => void) | undefined,
    });
    this.#inner = inner;
    this.#wire = wire;
    this.#tlsSocket = socket;
    this.#settings = settings;
    // C4: a read of the transport under TLS failed (a reset). Node's TLS over a JS stream then
    // closes with neither 'error' nor 'end', which would read as a clean EOF: fail first.
    if ('ending' in wire) wire.ending.onInnerFailure((error) => this.fail(error));
  }

  /**
   * @internal TLS in TLS runs over the JS path. Node's TLS on this transport's TLS socket does
   * round-trip, but the native path's close and its reset guard are built for a TCP or Unix
   * socket under it, and that is all they were tested on.
   */
  override [HAND_OVER](): undefined {
    return undefined;
  }

  /** TLS has no portable half-close (S5); after a local close, C3's ClosedResourceError wins. */
  override sendEof(): Promise<void> {
    if (this.isClosing()) return Promise.reject(new ClosedResourceError('the transport was closed'));
    return Promise.reject(new UnsupportedOperation('sendEof is not supported over TLS'));
  }

  /** TLS attributes (A3), this layer's counts and termination (O1, O2), and every attribute of the inner transport (A1). */
  override get extraAttributes(): TypedAttributeMap {
    return (this.#attributes ??= this.tlsAttributes());
  }

  /**
   * T4: in standard mode, an end without the peer's close_notify is a truncation. A clean end
   * is answered with our own close_notify (TLS has no half-close here, and TLS 1.2 requires the
   * answer), which is what lets the peer's `aclose` finish without waiting for its timeout.
   */
  protected override endOfInput(): void {
    const wire = this.#wire;
    if ('socket' in wire) {
      // The native path cannot tell a close_notify from a bare FIN (non-standard mode reads both
      // as EOF), so it always answers: an answer the peer did not need costs it nothing.
      if (this.isClosing()) return super.endOfInput();
      // O1: the socket's end is the inner transport's too, as it would have seen it.
      recordCause(this.#inner, 'peer-eof');
      super.endOfInput();
      this.#tlsSocket.end();
      return;
    }
    if (this.#settings.standardCompatible && wire.ending.truncated) {
      this.recordCause('tls-truncated');
      const cause = Object.assign(new Error('the peer closed the stream without a TLS close_notify (truncation attack or crash)'), {
        code: 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING',
      });
      this.fail(cause);
      return;
    }
    super.endOfInput();
    if (!wire.ending.truncated && !this.isClosing()) this.#tlsSocket.end();
  }

  /** C4 on the native path: the socket's failure is the inner transport's too (O1), as it would have seen it. */
  protected override fail(error: Error): void {
    if ('socket' in this.#wire) recordCause(this.#inner, reasonOf(error), error);
    super.fail(error);
  }

  /**
   * T4 and S7. Standard mode: close_notify after what was sent, then a wait of up to
   * `shutdownTimeout` for the peer's. Non-standard mode: no close_notify, but what was sent is
   * still flushed to the inner transport first (on the native path, the socket then sends its
   * FIN and lingers for the peer's, as the inner transport's own close would). Then the inner
   * transport is closed gracefully.
   */
  protected override async closeGracefully(socket: net.Socket): Promise<void> {
    const { standardCompatible, shutdownTimeout } = this.#settings;
    const scheduler = this.backend().scheduler;
    const within = <T>(source$: Observable<T>): Promise<unknown> =>
      firstValueFrom(merge(source$, timer(shutdownTimeout, scheduler).pipe(map(() => undefined))));
    const wire = this.#wire;
    // O1: the socket may close under the inner transport before its own aclose below is called.
    if ('socket' in wire) recordCause(this.#inner, 'local-close');
    // A session broken by an alert or a truncation has no close_notify exchange left to wait for.
    if (!socket.destroyed && !this.broken) {
      if ('socket' in wire) {
        // An end of ours (the answer to the peer's) already flushed, with a close_notify.
        if (!socket.writableEnded) {
          await within(new Observable<void>((subscriber) => this.afterEarlierWrites(socket, () => subscriber.next())));
          if (!wire.socket.destroyed) wire.socket.end();
        }
        if (!socket.closed) {
          await new Promise<void>((resolve) => {
            // `on`, as in the base's close: 'close' comes once, and `once` would wrap it per connection.
            socket.on('close', () => resolve());
            this.lingerThenDestroy(socket);
          });
        }
      } else if (standardCompatible) {
        // Our reads are over; keep TLS reading so that the peer's close_notify is seen.
        socket.resume();
        socket.end();
        await within(merge(wire.ending.tlsEnd$, eventOnce(socket, 'close')));
      } else if (!wire.duplex.destroyed && !wire.duplex.writableFinished) {
        // Ending the Duplex (not the TLS socket) flushes what TLS already encrypted, and nothing more.
        wire.duplex.end();
        await within(merge(eventOnce(wire.duplex, 'finish'), eventOnce(wire.duplex, 'close')));
      }
    }
    socket.destroy();
    await this.#inner.aclose();
  }

  /** A reset of a TLS connection is a reset of the transport under it (TCP: RST), then the abrupt close. */
  protected override resetSocket(socket: net.Socket): void {
    void resetForcefully(this.#inner);
    socket.destroy();
  }

  protected override abort(socket: net.Socket): void {
    socket.destroy();
    void acloseForcefully(this.#inner);
  }

  // TypeScript-private, not `#`: a `#` method would give every TLS transport a brand slot.
  private tlsAttributes(): TypedAttributeMap {
    const socket = this.#tlsSocket;
    const { serverSide, standardCompatible, context } = this.#settings;
    const own = super.extraAttributes;
    const present = <T>(value: T | undefined | null | false, name: string): T => {
      if (value === undefined || value === null || value === false) {
        throw new TypedAttributeLookupError(`${name} is not available on this TLS connection`);
      }
      return value;
    };
    const entries: Array<[TypedAttribute<unknown>, () => unknown]> = [
      ...this.#inner.extraAttributes,
      [StreamAttribute.bufferedBytes, own.get(StreamAttribute.bufferedBytes) as () => unknown],
      [StreamAttribute.highWaterMark, own.get(StreamAttribute.highWaterMark) as () => unknown],
      // O1: this layer's counts and termination, not the inner transport's.
      [StreamAttribute.bytesReceived, own.get(StreamAttribute.bytesReceived) as () => unknown],
      [StreamAttribute.bytesSent, own.get(StreamAttribute.bytesSent) as () => unknown],
      [TransportAttribute.termination, own.get(TransportAttribute.termination) as () => unknown],
      [TransportAttribute.terminated$, own.get(TransportAttribute.terminated$) as () => unknown],
      [TLSAttribute.tlsSocket, () => socket],
      [
        TLSAttribute.peerCertificate,
        () => {
          const certificate = socket.getPeerCertificate(true);
          return present(Object.keys(certificate).length > 0 ? certificate : undefined, 'peerCertificate');
        },
      ],
      [TLSAttribute.cipher, () => present(socket.getCipher(), 'cipher')],
      [TLSAttribute.tlsVersion, () => present(socket.getProtocol(), 'tlsVersion')],
      [TLSAttribute.alpnProtocol, () => present(socket.alpnProtocol, 'alpnProtocol')],
      [TLSAttribute.serverSide, () => serverSide],
      [TLSAttribute.standardCompatible, () => standardCompatible],
      [TLSAttribute.secureContext, () => context.secureContext],
      [TLSAttribute.session, () => present(socket.getSession(), 'session')],
      [TLSAttribute.sessionReused, () => socket.isSessionReused()],
    ];
    return new Map(entries);
  }
}

/**
 * The wire of a new handshake (T2): the inner transport's socket where the native path keeps
 * every behaviour (non-standard mode, a socket transport of this library giving its socket up),
 * else a Duplex over the inner transport and the ending that tells a truncation (T4).
 */
function wireTo(transport: AsyncStreamTransport, standardCompatible: boolean): Wire {
  const socket = !standardCompatible && transport instanceof SocketStreamTransport ? transport[HAND_OVER]() : undefined;
  if (socket !== undefined) return { socket };
  const ending = new TLSEnding();
  const duplex = new TransportDuplex(
    transport,
    () => ending.markInnerEof(),
    (error) => ending.markInnerFailure(error),
  );
  return { duplex, ending };
}

/**
 * Node's TLS on a socket crashes the process (SIGSEGV, "pure virtual method called" or a
 * corrupted heap, from OpenSSL's `SSL_read`; seen on Node 20, 22, 24 and 26) when that socket is
 * closed by its own `resetAndDestroy()` while the TLS socket is open and the TLS socket is then
 * destroyed or written: in the same tick, and in some runs even after the socket's `'close'`.
 * The same RST is safe when the TLS socket's destroy sends it: Node then destroys the socket
 * under it, and `resetAndClosing` (the flag Node's own `resetAndDestroy` sets for its
 * `_destroy`) makes that close a reset. So, while TLS runs on a TCP socket, its
 * `resetAndDestroy` takes that path, whoever calls it: this library's `resetForcefully`, or a
 * user holding `SocketAttribute.socket`. The crash test (`__tests__/tls/tls.test.ts`, T2) runs
 * the crashing sequences in a child process (`__tests__/support/native-tls-resets.ts`).
 */
function resetThroughTls(socket: net.Socket, tlsSocket: tls.TLSSocket): void {
  // A Unix socket's resetAndDestroy throws ERR_INVALID_HANDLE_TYPE before touching anything.
  if (socket.remoteFamily === undefined) return;
  socket.resetAndDestroy = function (this: net.Socket & { resetAndClosing?: boolean }): net.Socket {
    if (this.destroyed) return this;
    this.resetAndClosing = true;
    tlsSocket.destroy();
    // Should a Node release stop destroying the socket under a destroyed TLS socket: a FIN, not a crash.
    if (!this.destroyed) {
      this.resetAndClosing = false;
      this.destroy();
    }
    return this;
  };
}

/** Emits once when `emitter` emits `event`. */
function eventOnce(emitter: NodeJS.EventEmitter, event: string): Observable<void> {
  return new Observable<void>((subscriber) => {
    const listener = (): void => subscriber.next();
    emitter.once(event, listener);
    return () => emitter.off(event, listener);
  });
}

/**
 * Validates `wrap`'s context and options (TypeError/RangeError naming the option) and fixes
 * their defaults (T1). Used by every entry point before any byte is sent.
 */
export function wrapSettings(context: TLSContext, options: TLSWrapOptions): TLSSettings {
  checkOptions(options, 'wrap: options');
  const resolved = resolveTLSContext(context);
  const {
    handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT,
    shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT,
    serverHostname,
    standardCompatible = true,
    session,
  } = options;
  checkSize(handshakeTimeout, 'wrap: options.handshakeTimeout');
  checkSize(shutdownTimeout, 'wrap: options.shutdownTimeout');
  if (serverHostname !== undefined && (typeof serverHostname !== 'string' || serverHostname === '')) {
    throw new TypeError('wrap: options.serverHostname must be a non-empty string');
  }
  const serverSide = options.serverSide ?? serverHostname === undefined;
  if (typeof serverSide !== 'boolean') throw new TypeError('wrap: options.serverSide must be a boolean');
  if (typeof standardCompatible !== 'boolean') throw new TypeError('wrap: options.standardCompatible must be a boolean');
  if (!serverSide && serverHostname === undefined) {
    throw new TypeError('wrap: options.serverHostname is required on the client side (it is what the certificate must match)');
  }
  if (session !== undefined && !Buffer.isBuffer(session)) throw new TypeError('wrap: options.session must be a Buffer');
  const { highWaterMark, idleTimeout } = options;
  if (highWaterMark !== undefined) checkPositive(highWaterMark, 'wrap: options.highWaterMark');
  if (idleTimeout !== undefined) checkPositive(idleTimeout, 'wrap: options.idleTimeout');
  signalOf(options, 'wrap');
  return { serverSide, handshakeTimeout, highWaterMark, idleTimeout, standardCompatible, shutdownTimeout, context: resolved };
}

/**
 * Server side with `requestCert` and `rejectUnauthorized`: OpenSSL already refuses a client
 * that sent no certificate, but Node leaves the verdict on a certificate that was sent to its
 * `tls.Server`, which calls the handle's `verifyError()` after the handshake. A socket made
 * with `new TLSSocket` gets no such check, so this is that same call, on the same handle.
 */
function clientCertificateRefusal(socket: tls.TLSSocket, context: ResolvedTLSContext): Error | undefined {
  if (!context.requestCert) return undefined;
  const handle = (socket as unknown as { _handle?: { verifyError?: () => NodeJS.ErrnoException | null } })._handle;
  if (typeof handle?.verifyError !== 'function') {
    return new Error('cannot verify the client certificate: this Node version does not expose the TLS verdict');
  }
  const verifyError = handle.verifyError();
  Object.assign(socket, { authorized: verifyError === null, authorizationError: verifyError?.code ?? null });
  return verifyError !== null && context.rejectUnauthorized ? verifyError : undefined;
}

/** Node's TLS treats an explicit `undefined` as a value (it replaces the default): leave such keys out. */
function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

function checkStreamTransport(transport: unknown): asserts transport is AsyncStreamTransport {
  const t = transport as Partial<Record<'recv' | 'sendAll' | 'sendAllFromIterable' | 'aclose' | 'backend', unknown>> | null;
  if (
    typeof t !== 'object' ||
    t === null ||
    typeof t.recv !== 'function' ||
    typeof t.sendAll !== 'function' ||
    typeof t.sendAllFromIterable !== 'function' ||
    typeof t.aclose !== 'function' ||
    typeof t.backend !== 'function'
  ) {
    throw new TypeError('wrap: transport must be an AsyncStreamTransport');
  }
}
