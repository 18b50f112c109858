/**
 * `src/core/`: the contract. The seed's interfaces, the `AsyncBackend` that makes them, and
 * `acloseForcefully`. This folder imports only `errors`, `typed-attributes` and `internal/`:
 * everything else in rxnet implements or uses what is stated here, never the other way round.
 *
 * The seed's abstract transports, in TypeScript. `AsyncBackend` is declared here, beside the
 * transports, because the two name each other (a transport names its backend, a backend the
 * transports it makes); in two files that would be an import circle.
 *
 * Each seed class is an interface (what a user-written transport must satisfy: wrapping and
 * stapling accept any object of the right shape, never `instanceof`) plus an `Abstract*` base
 * class that supplies the defaults the seed gives: `recv` via `recvInto`, `sendAllFromIterable`
 * via `sendAll`, `[Symbol.asyncDispose]` via `aclose`, `extra` via `extraAttributes`.
 */
import type { Observable, ObservableInput, SchedulerLike } from 'rxjs';
import type {
  TcpConnectOptions,
  TcpListenOptions,
  UdpConnectOptions,
  UdpListenOptions,
  UnixConnectOptions,
  UnixListenOptions,
} from './backend-options';
import { fromAbortable, type AbortOptions } from '../internal/abort';
import { attempt, checkBytes, checkSize } from '../internal/validate';
import {
  lookupAttribute,
  type InetAddress,
  type TypedAttribute,
  type TypedAttributeMap,
  type TypedAttributeProvider,
} from '../typed-attributes';

/** The base of every transport and listener (seed: `AsyncBaseTransport`). */
export interface AsyncBaseTransport extends TypedAttributeProvider, AsyncDisposable {
  /**
   * Closes gracefully; idempotent, concurrent calls share one close (C1). If `signal` aborts
   * first, the resource is closed abruptly and the promise rejects with `signal.reason` (C2).
   */
  aclose(options?: AbortOptions): Promise<void>;
  /** True from the first `aclose` call on (C1). */
  isClosing(): boolean;
  /** The backend this transport belongs to; its scheduler times every timeout. */
  backend(): AsyncBackend;
}

/** A reader of a continuous byte stream (seed: `AsyncStreamReadTransport`). */
export interface AsyncStreamReadTransport extends AsyncBaseTransport {
  /**
   * Resolves 1..`bufsize` bytes as soon as any are available, an empty Buffer at EOF (and on
   * every later call), and an empty Buffer at once for `recv(0)` (S1). One pending read at a
   * time (C5); aborting it loses no data (C6).
   */
  recv(bufsize: number, options?: AbortOptions): Promise<Buffer>;
  /** Reads into `buffer`; resolves the count, 0 for a non-empty buffer meaning EOF (S2). */
  recvInto(buffer: ArrayBufferView, options?: AbortOptions): Promise<number>;
  /**
   * The primitive read `recv` is taken from: a cold Observable that emits one chunk (as `recv`
   * would resolve) and completes; unsubscribing before it emits takes nothing (C6). The
   * `Abstract*` base classes derive it from `recv` for user-written transports.
   */
  recv$(bufsize: number): Observable<Buffer>;
  /**
   * Optional primitive stream of reads: every chunk `recv(bufsize)` would resolve, in order,
   * then completes at EOF, all from one subscription, which holds the one read (C5) while it
   * lasts; unsubscribing takes nothing more (C6). `chunks` uses it when present, so a server
   * reading the Observable way makes no Observable per chunk.
   */
  chunks$?(bufsize: number): Observable<Buffer>;
}

/** A writer of a continuous byte stream (seed: `AsyncStreamWriteTransport`). */
export interface AsyncStreamWriteTransport extends AsyncBaseTransport {
  /**
   * Sends all of `data`; resolves once the transport accepted it and flow control allows more
   * (S3). Concurrent calls are written in call order, never interleaved (C5). Aborting a
   * pending call closes the transport abruptly (C6).
   */
  sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void>;
  /** Sends every chunk, batched into one write where the transport can (S4). */
  sendAllFromIterable(chunks: Iterable<ArrayBufferView>, options?: AbortOptions): Promise<void>;
  /**
   * Optional primitive write: emits once the data is accepted, then completes. `sendAllTo` uses
   * it when present, so a transport without promises (the marble kit's) keeps virtual time exact.
   */
  sendAll$?(data: ArrayBufferView): Observable<void>;
}

/** A two-way byte stream (seed: `AsyncStreamTransport`). */
export interface AsyncStreamTransport extends AsyncStreamReadTransport, AsyncStreamWriteTransport {
  /** Half-closes after flushing; idempotent; receiving still works (S5). */
  sendEof(): Promise<void>;
}

/** A reader of whole datagrams (seed: `AsyncDatagramReadTransport`). */
export interface AsyncDatagramReadTransport extends AsyncBaseTransport {
  /** Resolves the next whole datagram (D1). One pending call at a time (C5). */
  recv(options?: AbortOptions): Promise<Buffer>;
  /**
   * The primitive read `recv` is taken from: emits one datagram and completes; unsubscribing
   * before it emits takes nothing (C6).
   */
  recv$(): Observable<Buffer>;
}

/** A writer of whole datagrams (seed: `AsyncDatagramWriteTransport`). */
export interface AsyncDatagramWriteTransport extends AsyncBaseTransport {
  /** Sends `data` as one datagram (D1). */
  send(data: ArrayBufferView, options?: AbortOptions): Promise<void>;
}

/** A two-way datagram transport (seed: `AsyncDatagramTransport`). */
export interface AsyncDatagramTransport extends AsyncDatagramReadTransport, AsyncDatagramWriteTransport {}

/** Options of `serve(handler, options)` on a connection listener. */
export interface ServeOptions<T> {
  /** How many handlers may run at once; later connections wait in arrival order. Default: no limit. */
  readonly concurrency?: number;
  /**
   * Receives each handler's error; the transport is closed abruptly right after. Default:
   * nothing for a peer's failure (`BrokenResourceError`), one warning line for anything else,
   * at most one a minute.
   */
  readonly onError?: (error: unknown, transport: T) => void;
  /**
   * Graceful drain (P4): when this signal aborts, the listener stops accepting at once (its
   * port or path is free), connections still waiting for a slot are closed, running handlers
   * get `drainTimeout` ms to end, then the rest are closed abruptly and `serve` completes.
   */
  readonly signal?: AbortSignal;
  /** How long, in ms, running handlers get once `signal` aborts; `Infinity` waits for them all. Default 10 000. */
  readonly drainTimeout?: number;
  /** Told how the drain went, once, as `serve` completes after `signal` aborted. */
  readonly onDrained?: (outcome: DrainOutcome) => void;
}

/** How a graceful drain (P4) went, counted from the moment its signal aborted. */
export interface DrainOutcome {
  /** Handlers that ended (completed or failed) before the deadline. */
  readonly finished: number;
  /** Handlers still running at the deadline: their transports were closed abruptly. */
  readonly cut: number;
  /** Connections that were waiting for a slot: closed without a handler. */
  readonly unstarted: number;
}

/** What `serve(handler)` runs for each connection; it may return an `ObservableInput` or nothing. */
export type ConnectionHandler<T> = (transport: T) => ObservableInput<unknown> | void;

/**
 * Accepts connections (seed: `AsyncListener`). `serve` is hot: the listener accepts from the
 * moment its factory resolves, and early arrivals wait (bounded) for the subscriber (L1).
 */
export interface AsyncListener<T extends AsyncBaseTransport> extends AsyncBaseTransport {
  /**
   * Emits each accepted transport in arrival order; one subscriber at a time (L2). Unsubscribing
   * closes the listener and every transport it emitted that is still open, abruptly (L5).
   */
  serve(): Observable<T>;
  /**
   * Runs `handler` for each connection, concurrently (L3); the transport is closed gracefully
   * when its handler completes, abruptly when it errors. Completes after `aclose` once running
   * handlers end (L6).
   */
  serve(handler: ConnectionHandler<T>, options?: ServeOptions<T>): Observable<never>;
}

/** Options of `serve(handler, options)` on a datagram listener. */
export interface DatagramServeOptions<A> {
  /**
   * `'global'` (default): a handler starts only after the previous one ended. `'per-peer'`:
   * strict order per source address, different addresses concurrently.
   */
  readonly ordering?: 'global' | 'per-peer';
  /** Receives each handler's error; serving goes on. Default: as `ServeOptions.onError`'s. */
  readonly onError?: (error: unknown, datagram: Buffer, address: A) => void;
  /** The per-peer key of an address. Default: `JSON.stringify(address)`. */
  readonly peerKey?: (address: A) => string;
}

/** What `serve(handler)` runs for each datagram. */
export type DatagramHandler<A> = (datagram: Buffer, address: A) => ObservableInput<unknown> | void;

/** Receives datagrams from anywhere and sends to any address (seed: `AsyncDatagramListener`). */
export interface AsyncDatagramListener<A> extends AsyncBaseTransport {
  /** Emits each `[datagram, address]` in arrival order; one subscriber at a time (L2). */
  serve(): Observable<[Buffer, A]>;
  /** Runs `handler` for each datagram, in order (L4: concatMap, globally or per peer). */
  serve(handler: DatagramHandler<A>, options?: DatagramServeOptions<A>): Observable<never>;
  /** Sends `data` to `address`; safe to call concurrently (L7). */
  sendTo(data: ArrayBufferView, address: A, options?: AbortOptions): Promise<void>;
}

/** The factories of transports and listeners, and the scheduler that times them. */
export interface AsyncBackend {
  /** Times every timeout of the transports this backend makes. */
  readonly scheduler: SchedulerLike;
  /** Connects over TCP; rejects with Node's error (ECONNREFUSED, ...) on failure. */
  createTcpConnection(host: string, port: number, options?: TcpConnectOptions): Promise<AsyncStreamTransport>;
  /** Binds TCP listeners: one per address `host` resolves to (one dual-stack one when omitted). */
  createTcpListeners(options?: TcpListenOptions): Promise<AsyncListener<AsyncStreamTransport>[]>;
  /** Connects to a Unix stream socket; rejects with Node's error (ENOENT, ECONNREFUSED) on failure. */
  createUnixStreamConnection(path: string, options?: UnixConnectOptions): Promise<AsyncStreamTransport>;
  /** Binds a Unix stream listener at `path`, replacing a stale socket file nobody listens on. */
  createUnixStreamListener(path: string, options?: UnixListenOptions): Promise<AsyncListener<AsyncStreamTransport>>;
  /** A UDP socket connected to `host:port`; rejects with Node's error on failure. */
  createUdpEndpoint(host: string, port: number, options?: UdpConnectOptions): Promise<AsyncDatagramTransport>;
  /** Binds UDP listeners: one per address `host` resolves to (one dual-stack one when omitted). */
  createUdpListeners(options?: UdpListenOptions): Promise<AsyncDatagramListener<InetAddress>[]>;
}

const NO_ATTRIBUTES: TypedAttributeMap = new Map();

/** Supplies `extra` via `extraAttributes` and `Symbol.asyncDispose` via `aclose`. */
export abstract class AbstractAsyncTransport implements AsyncBaseTransport {
  abstract aclose(options?: AbortOptions): Promise<void>;
  abstract isClosing(): boolean;
  abstract backend(): AsyncBackend;

  /** None by default; subclasses publish theirs. */
  get extraAttributes(): TypedAttributeMap {
    return NO_ATTRIBUTES;
  }

  extra<T>(attribute: TypedAttribute<T>): T;
  extra<T, D>(attribute: TypedAttribute<T>, fallback: D): T | D;
  extra<T>(attribute: TypedAttribute<T>, ...fallback: [] | [unknown]): unknown {
    return lookupAttribute(this.extraAttributes, attribute, ...fallback);
  }

  /** `await using` closes the transport gracefully (C7). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.aclose();
  }
}

/** Supplies `recv` via `recvInto` (the seed's default) and `recv$` via `recv` with an abort on unsubscribe. */
export abstract class AbstractAsyncStreamReadTransport extends AbstractAsyncTransport implements AsyncStreamReadTransport {
  abstract recvInto(buffer: ArrayBufferView, options?: AbortOptions): Promise<number>;

  async recv(bufsize: number, options?: AbortOptions): Promise<Buffer> {
    checkSize(bufsize, 'recv: bufsize');
    const buffer = Buffer.allocUnsafe(bufsize);
    const count = await this.recvInto(buffer, options);
    return buffer.subarray(0, count);
  }

  recv$(bufsize: number): Observable<Buffer> {
    checkSize(bufsize, 'recv$: bufsize');
    return fromAbortable((signal) => this.recv(bufsize, { signal }));
  }
}

/** Supplies `sendAllFromIterable` via `sendAll` (the seed's default). */
export abstract class AbstractAsyncStreamWriteTransport extends AbstractAsyncTransport implements AsyncStreamWriteTransport {
  abstract sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void>;

  sendAllFromIterable(chunks: Iterable<ArrayBufferView>, options?: AbortOptions): Promise<void> {
    return attempt(() => sendJoined(this, chunks, options));
  }
}

/** Both stream defaults; concrete stream transports extend this. */
export abstract class AbstractAsyncStreamTransport extends AbstractAsyncStreamReadTransport implements AsyncStreamTransport {
  abstract sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void>;
  abstract sendEof(): Promise<void>;

  sendAllFromIterable(chunks: Iterable<ArrayBufferView>, options?: AbortOptions): Promise<void> {
    return attempt(() => sendJoined(this, chunks, options));
  }
}

/** Supplies `recv$` via `recv`, aborting it on unsubscribe, for datagram transports. */
export abstract class AbstractAsyncDatagramTransport extends AbstractAsyncTransport implements AsyncDatagramTransport {
  abstract recv(options?: AbortOptions): Promise<Buffer>;
  abstract send(data: ArrayBufferView, options?: AbortOptions): Promise<void>;

  recv$(): Observable<Buffer> {
    return fromAbortable((signal) => this.recv({ signal }));
  }
}

/**
 * The seed's `send_all_from_iterable` over `sendAll`: every chunk validated first, then one
 * `sendAll` of them all. One call, not one per chunk, because a `sendAll` made meanwhile
 * would land between two chunks, and one call's bytes are never interleaved with another's (C5).
 */
function sendJoined(
  transport: AsyncStreamWriteTransport,
  chunks: Iterable<ArrayBufferView>,
  options: AbortOptions | undefined,
): Promise<void> {
  const all: Uint8Array[] = [];
  for (const chunk of chunks) {
    checkBytes(chunk, `sendAllFromIterable: chunk ${all.length}`);
    all.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return transport.sendAll(all.length === 1 ? all[0] : Buffer.concat(all), options);
}
