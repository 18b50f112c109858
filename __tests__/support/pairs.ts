/** Connected stream transport pairs of every kind, for the contract suite and the examples. */
import type * as net from 'node:net';
import {
  AsyncStapledStreamTransport,
  AsyncTLSStreamTransport,
  connectTcp,
  connectUnix,
  createMemoryStreamPair,
  listenTcp,
  listenUnix,
  MemoryStreamTransport,
  SocketAttribute,
  type AsyncListener,
  type AsyncStreamTransport,
  type InetAddress,
  type TLSContext,
} from '../../src';
import { own } from './resources';
import { socketPath } from './temp';

export interface StreamPair {
  /** The connecting side. */
  readonly a: AsyncStreamTransport;
  /** The accepting side. */
  readonly b: AsyncStreamTransport;
}

/** One kind of stream transport, as the generic contract suite sees it. */
export interface StreamKind {
  readonly name: string;
  open(options?: { highWaterMark?: number }): Promise<StreamPair>;
  /** Makes `peer` fail abruptly, so that its partner sees a path failure (C4). */
  breakPeer(peer: AsyncStreamTransport): void;
  /** Whether a graceful `aclose` can wait on a peer that does not read (so C2's abort matters). */
  readonly gracefulCloseCanWait: boolean;
  /** Whether `sendEof` half-closes (S5); TLS has no half-close. */
  readonly halfClose: boolean;
  /** The `code` of a `BrokenResourceError`'s cause after `breakPeer`. */
  readonly brokenCause: RegExp;
}

/** The port a TCP listener bound. */
export function portOf(listener: AsyncListener<AsyncStreamTransport>): number {
  return (listener.extra(SocketAttribute.localAddress) as InetAddress).port;
}

/**
 * Accepts exactly one connection made by `connect`, then closes the listener: `aclose` completes
 * `serve` and keeps what it handed out (L6), where unsubscribing would close it (L5).
 */
async function acceptOne(
  listener: AsyncListener<AsyncStreamTransport>,
  connect: () => Promise<AsyncStreamTransport>,
): Promise<StreamPair> {
  const accepted = new Promise<AsyncStreamTransport>((resolve, reject) => {
    listener.serve().subscribe({
      next(transport) {
        resolve(transport);
        void listener.aclose();
      },
      error: reject,
    });
  });
  const a = own(await connect());
  const b = own(await accepted);
  return { a, b };
}

export const tcpKind: StreamKind = {
  name: 'TCP',
  async open(options = {}) {
    const listener = own(await listenTcp({ host: '127.0.0.1', highWaterMark: options.highWaterMark }));
    return acceptOne(listener, () => connectTcp('127.0.0.1', portOf(listener), options));
  },
  breakPeer(peer) {
    (peer.extra(SocketAttribute.socket) as net.Socket).resetAndDestroy();
  },
  gracefulCloseCanWait: true,
  halfClose: true,
  brokenCause: /^(ECONNRESET|EPIPE)$/,
};

export const unixKind: StreamKind = {
  name: 'Unix',
  async open(options = {}) {
    const path = socketPath();
    const listener = own(await listenUnix(path, { highWaterMark: options.highWaterMark }));
    return acceptOne(listener, () => connectUnix(path, options));
  },
  breakPeer(peer) {
    (peer.extra(SocketAttribute.socket) as net.Socket).destroy();
  },
  gracefulCloseCanWait: true,
  halfClose: true,
  brokenCause: /^(ECONNRESET|EPIPE)$/,
};

export const memoryKind: StreamKind = {
  name: 'memory',
  async open(options = {}) {
    const [a, b] = createMemoryStreamPair(options);
    return { a: own(a), b: own(b) };
  },
  breakPeer(peer) {
    (peer as MemoryStreamTransport).reset();
  },
  gracefulCloseCanWait: false,
  halfClose: true,
  brokenCause: /^(ECONNRESET|EPIPE)$/,
};

/**
 * Stapled transports over two memory pairs, one per direction: `a` sends through the first
 * pair and receives from the second; `b` the other way round.
 */
export const stapledKind: StreamKind = {
  name: 'stapled memory halves',
  async open(options = {}) {
    const [aOut, bIn] = createMemoryStreamPair(options);
    const [bOut, aIn] = createMemoryStreamPair(options);
    [aOut, bIn, bOut, aIn].forEach(own);
    return { a: own(new AsyncStapledStreamTransport(aOut, aIn)), b: own(new AsyncStapledStreamTransport(bOut, bIn)) };
  },
  breakPeer(peer) {
    const stapled = peer as AsyncStapledStreamTransport<MemoryStreamTransport, MemoryStreamTransport>;
    stapled.sendTransport.reset();
    stapled.receiveTransport.reset();
  },
  gracefulCloseCanWait: false,
  halfClose: true,
  brokenCause: /^(ECONNRESET|EPIPE)$/,
};

/**
 * Another kind with each end behind a stapled transport of itself (both halves the same
 * transport): the same bytes, but no longer a socket transport of this library, so TLS over it
 * takes its JS path (a Duplex of `recv`/`sendAll`) where over the bare socket it would not.
 */
export function behindStapled(inner: StreamKind): StreamKind {
  const stapled = (t: AsyncStreamTransport): AsyncStreamTransport => own(new AsyncStapledStreamTransport(t, t));
  return {
    ...inner,
    name: `${inner.name} behind a stapled transport`,
    async open(options = {}) {
      const { a, b } = await inner.open(options);
      return { a: stapled(a), b: stapled(b) };
    },
    breakPeer(peer) {
      inner.breakPeer((peer as AsyncStapledStreamTransport<AsyncStreamTransport, AsyncStreamTransport>).sendTransport);
    },
  };
}

/**
 * TLS over another kind: `a` is the client (checking the server's certificate for `localhost`),
 * `b` the server. Breaking a peer breaks the transport under it.
 */
export function tlsKind(inner: StreamKind, standardCompatible: boolean, contexts: { client: TLSContext; server: TLSContext }): StreamKind {
  const innerOf = new WeakMap<AsyncStreamTransport, AsyncStreamTransport>();
  return {
    name: `TLS (${standardCompatible ? 'standard' : 'non-standard'}) over ${inner.name}`,
    async open(options = {}) {
      const { a: rawA, b: rawB } = await inner.open(options);
      const common = { standardCompatible, highWaterMark: options.highWaterMark };
      const [a, b] = await Promise.all([
        AsyncTLSStreamTransport.wrap(rawA, contexts.client, { ...common, serverHostname: 'localhost' }),
        AsyncTLSStreamTransport.wrap(rawB, contexts.server, common),
      ]);
      innerOf.set(a, rawA);
      innerOf.set(b, rawB);
      return { a: own(a), b: own(b) };
    },
    breakPeer(peer) {
      inner.breakPeer(innerOf.get(peer) as AsyncStreamTransport);
    },
    gracefulCloseCanWait: true,
    halfClose: false,
    // The TLS layer reports the inner transport's failure, or its own alert.
    brokenCause: /^(ERR_BROKEN_RESOURCE|ECONNRESET|EPIPE|ERR_SSL_.*|ERR_STREAM_.*)$/,
  };
}
