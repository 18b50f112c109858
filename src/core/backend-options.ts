/**
 * The options of `AsyncBackend`'s factories (and so of the root entry points that call them):
 * every field optional, every default documented where the field is.
 */
import type { AbortOptions } from '../internal/abort';
import type { InetAddress } from '../typed-attributes';

/** Default bound of datagrams waiting to be read or handled, per transport or listener (D2). */
export const DEFAULT_MAX_QUEUED_DATAGRAMS = 1024;

/** Default bound of the connections a stream listener holds (P2). */
export const DEFAULT_MAX_CONNECTIONS = 10_000;

/** Options of the stream transports a backend makes. */
export interface StreamTransportOptions {
  /** Unread bytes held before reading pauses (S6). Default 256 KiB. */
  readonly highWaterMark?: number;
  /**
   * Milliseconds without a byte received or sent before the transport is closed abruptly; its
   * reads and sends then reject `IdleTimeoutError` (P3). On a listener, it applies to each
   * transport from the moment it is handed out. Default: none.
   */
  readonly idleTimeout?: number;
}

/** Options of `createTcpConnection` / `connectTcp`. */
export interface TcpConnectOptions extends StreamTransportOptions, AbortOptions {
  /** Local address to bind before connecting. */
  readonly localAddress?: string;
  /** Local port to bind before connecting (0 or omitted: any). */
  readonly localPort?: number;
  /** Milliseconds before the attempt fails with RxJS's `TimeoutError`. Default: none. */
  readonly timeout?: number;
  /** TCP_NODELAY. Default true: a transport sends what `sendAll` gives it, when it gives it. */
  readonly noDelay?: boolean;
}

/** Options of `createUnixStreamConnection` / `connectUnix`. */
export interface UnixConnectOptions extends StreamTransportOptions, AbortOptions {
  /** Milliseconds before the attempt fails with RxJS's `TimeoutError`. Default: none. */
  readonly timeout?: number;
}

/** Options every stream listener shares. */
export interface StreamListenerOptions extends StreamTransportOptions, AbortOptions {
  /** The kernel's accept backlog. Default: Node's (511). */
  readonly backlog?: number;
  /** Accepted connections held while nobody subscribes to `serve` (L1); beyond, new ones are closed. Default 128. */
  readonly maxQueuedConnections?: number;
  /**
   * The most connections the listener holds at once, waiting or handed out and still open,
   * TLS handshakes included (P2). At the bound a new connection is closed at once and counted
   * (`ListenerAttribute.refusedConnections`). `Infinity` for none. Default 10 000.
   */
  readonly maxConnections?: number;
}

/** Options of `createTcpListeners` / `listenTcp`. */
export interface TcpListenOptions extends StreamListenerOptions {
  /** Address to bind. Omitted: every interface, IPv4 and IPv6. */
  readonly host?: string;
  /** Port to bind; 0 (default) picks a free one, readable as `SocketAttribute.localAddress`. */
  readonly port?: number;
  /** SO_REUSEPORT. Needs Node 22.12+ for TCP; elsewhere the call rejects rather than ignore it. */
  readonly reusePort?: boolean;
  /** TCP_NODELAY on accepted connections. Default true. */
  readonly noDelay?: boolean;
}

/** Options of `createUnixStreamListener` / `listenUnix`. */
export type UnixListenOptions = StreamListenerOptions;

/** Options of `createUdpEndpoint` / `connectUdp`. */
export interface UdpConnectOptions extends AbortOptions {
  /** Local address to bind before connecting (port 0: any). Default: chosen by the kernel. */
  readonly localAddress?: InetAddress;
  /** Which family a host name resolves to. Default: the resolver's first answer. */
  readonly family?: 'IPv4' | 'IPv6';
  /** Unread datagrams held before new ones are dropped and counted (D2). Default 1024. */
  readonly maxQueuedDatagrams?: number;
}

/** Options of `createUdpListeners` / `listenUdp`. */
export interface UdpListenOptions extends AbortOptions {
  /** Address to bind. Omitted: every interface, IPv4 and IPv6 (unless `family` narrows it). */
  readonly host?: string;
  /** Port to bind; 0 (default) picks a free one, readable as `SocketAttribute.localAddress`. */
  readonly port?: number;
  /** Narrows an omitted or named `host` to one family. */
  readonly family?: 'IPv4' | 'IPv6';
  /** SO_REUSEPORT. Needs Node 22.12+; elsewhere the call rejects rather than ignore it. */
  readonly reusePort?: boolean;
  /** Datagrams held while nobody subscribes to `serve` (L1); beyond, dropped and counted. Default 1024. */
  readonly maxQueuedDatagrams?: number;
}
