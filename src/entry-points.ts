/**
 * The root entry points: thin calls of the default backend's factories (real sockets, real
 * time). Use a backend directly (`new NodeBackend(scheduler)`) to choose the scheduler.
 */
import type {
  TcpConnectOptions,
  TcpListenOptions,
  UdpConnectOptions,
  UdpListenOptions,
  UnixConnectOptions,
  UnixListenOptions,
} from './core/backend-options';
import { atFirstAddress } from './node/first-address';
import { defaultBackend } from './node/node-backend';
import type { AsyncDatagramListener, AsyncDatagramTransport, AsyncListener, AsyncStreamTransport } from './core/abc';
import type { InetAddress } from './typed-attributes';
import { AsyncTLSStreamTransport, wrapSettings, type TLSWrapOptions } from './tls/tls';
import { AsyncTLSListener, type TLSListenerOptions } from './tls/tls-listener';
import type { TLSContext } from './tls/tls-context';
import { acloseForcefully } from './core/aclose-forcefully';
import { checkFunction, checkOptions } from './internal/validate';

/**
 * Connects over TCP. Rejects with Node's error (ECONNREFUSED, ...) or `TimeoutError`.
 *
 * @example
 * ```ts
 * await using t = await connectTcp('127.0.0.1', 7, { timeout: 5_000 });
 * await t.sendAll(Buffer.from('ping'));
 * ```
 */
export function connectTcp(host: string, port: number, options?: TcpConnectOptions): Promise<AsyncStreamTransport> {
  return defaultBackend.createTcpConnection(host, port, options);
}

/**
 * Binds one TCP listener, accepting at once (L1). `host` omitted binds every interface, IPv4
 * and IPv6; a host name binds its first address, as `net.Server.listen` does (the backend's
 * `createTcpListeners` binds them all). `port: 0` (default) picks a free port.
 *
 * @example
 * ```ts
 * const listener = await listenTcp({ host: '127.0.0.1', maxConnections: 1_000, idleTimeout: 30_000 });
 * listener.serve(async (t) => t.sendAll(await t.recv(1024))).subscribe();
 * ```
 */
export async function listenTcp(options: TcpListenOptions = {}): Promise<AsyncListener<AsyncStreamTransport>> {
  const [listener] = await defaultBackend.createTcpListeners(await atFirstAddress(options));
  return listener;
}

/** Connects to the Unix stream socket at `path`. Rejects with Node's error (ENOENT, ECONNREFUSED). */
export function connectUnix(path: string, options?: UnixConnectOptions): Promise<AsyncStreamTransport> {
  return defaultBackend.createUnixStreamConnection(path, options);
}

/** Binds a Unix stream listener at `path`; a stale socket file is replaced, the file is removed on close. */
export function listenUnix(path: string, options?: UnixListenOptions): Promise<AsyncListener<AsyncStreamTransport>> {
  return defaultBackend.createUnixStreamListener(path, options);
}

/**
 * A UDP transport connected to `host:port`: `send` and `recv` whole datagrams (D1).
 *
 * @example
 * ```ts
 * const client = await connectUdp('127.0.0.1', 5353);
 * await client.send(Buffer.from('ping'));
 * const answer = await client.recv();
 * ```
 */
export function connectUdp(host: string, port: number, options?: UdpConnectOptions): Promise<AsyncDatagramTransport> {
  return defaultBackend.createUdpEndpoint(host, port, options);
}

/**
 * Binds one UDP listener, receiving at once (L1). `host` omitted binds every interface, IPv4
 * and IPv6; a host name binds its first address. `port: 0` (default) picks a free port.
 *
 * @example
 * ```ts
 * const listener = await listenUdp({ port: 0 });
 * listener.serve((datagram, from) => listener.sendTo(datagram, from)).subscribe();
 * ```
 */
export async function listenUdp(options: UdpListenOptions = {}): Promise<AsyncDatagramListener<InetAddress>> {
  const [listener] = await defaultBackend.createUdpListeners(await atFirstAddress(options));
  return listener;
}

/** Options of `connectTls`: TCP's and `wrap`'s; `serverHostname` defaults to `host`. */
export type TlsConnectOptions = TcpConnectOptions & Omit<TLSWrapOptions, 'serverSide'>;

/**
 * Connects over TCP and handshakes as a TLS client; the server's certificate must match
 * `options.serverHostname ?? host`. Rejects with Node's error (ECONNREFUSED, CERT_HAS_EXPIRED,
 * ERR_TLS_CERT_ALTNAME_INVALID, ...) or `TimeoutError`, leaving nothing open.
 *
 * @example
 * ```ts
 * const t = await connectTls('example.test', 443, { ca }, { serverHostname: 'example.test' });
 * ```
 */
export async function connectTls(host: string, port: number, context: TLSContext, options: TlsConnectOptions = {}): Promise<AsyncTLSStreamTransport> {
  checkOptions(options, 'connectTls: options');
  const wrapOptions: TLSWrapOptions = { ...options, serverSide: false, serverHostname: options.serverHostname ?? host };
  wrapSettings(context, wrapOptions);
  // One idle timer, on the TLS layer: TLS's own records would keep a TCP one awake.
  const transport = await connectTcp(host, port, { ...options, idleTimeout: undefined });
  return AsyncTLSStreamTransport.wrap(transport, context, wrapOptions);
}

/** Options of `listenTls`: TCP's, the TLS context, and the TLS listener's. */
export type TlsListenOptions = TcpListenOptions &
  TLSListenerOptions & {
    /** The server's TLS settings: key and certificate at least (T5). */
    readonly context: TLSContext;
  };

/**
 * Binds a TCP listener and serves only handshaken TLS transports from it (T6).
 *
 * @example
 * ```ts
 * const server = await listenTls({ port: 0, context: { key, cert }, handshakeTimeout: 10_000 });
 * server.serve(async (t) => t.sendAll(Buffer.from('hello\n'))).subscribe();
 * ```
 */
export async function listenTls(options: TlsListenOptions): Promise<AsyncTLSListener> {
  checkOptions(options, 'listenTls: options');
  if (options === undefined) throw new TypeError('listenTls: options with a context are required');
  const { context, handshakeTimeout, shutdownTimeout, standardCompatible, handshakeErrorHandler, idleTimeout, ...tcp } = options;
  const tlsOptions: TLSListenerOptions = { handshakeTimeout, shutdownTimeout, standardCompatible, handshakeErrorHandler, idleTimeout };
  // Bad TLS options fail here, before the port is bound.
  wrapSettings(context, { serverSide: true, handshakeTimeout, shutdownTimeout, standardCompatible, idleTimeout });
  if (handshakeErrorHandler !== undefined) checkFunction(handshakeErrorHandler, 'listenTls: options.handshakeErrorHandler');
  const listener = await listenTcp(tcp);
  try {
    return new AsyncTLSListener(listener, context, tlsOptions);
  } catch (error) {
    await acloseForcefully(listener);
    throw error;
  }
}
