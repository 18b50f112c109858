/**
 * The root entry points: thin calls of the default backend's factories (real sockets, real
 * time). Use a backend directly (`new NodeBackend(scheduler)`) to choose the scheduler.
 */
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import type {
  TcpConnectOptions,
  TcpListenOptions,
  UdpConnectOptions,
  UdpListenOptions,
  UnixConnectOptions,
  UnixListenOptions,
} from './backend/backend';
import { defaultBackend } from './backend/node-backend';
import type { AsyncDatagramListener, AsyncDatagramTransport, AsyncListener, AsyncStreamTransport } from './transports/abc';
import type { InetAddress } from './typed-attributes';

/** Connects over TCP. Rejects with Node's error (ECONNREFUSED, ...) or `TimeoutError`. */
export function connectTcp(host: string, port: number, options?: TcpConnectOptions): Promise<AsyncStreamTransport> {
  return defaultBackend.createTcpConnection(host, port, options);
}

/**
 * Binds one TCP listener, accepting at once (L1). `host` omitted binds every interface, IPv4
 * and IPv6; a host name binds its first address, as `net.Server.listen` does (the backend's
 * `createTcpListeners` binds them all). `port: 0` (default) picks a free port.
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

/** A UDP transport connected to `host:port`: `send` and `recv` whole datagrams (D1). */
export function connectUdp(host: string, port: number, options?: UdpConnectOptions): Promise<AsyncDatagramTransport> {
  return defaultBackend.createUdpEndpoint(host, port, options);
}

/**
 * Binds one UDP listener, receiving at once (L1). `host` omitted binds every interface, IPv4
 * and IPv6; a host name binds its first address. `port: 0` (default) picks a free port.
 */
export async function listenUdp(options: UdpListenOptions = {}): Promise<AsyncDatagramListener<InetAddress>> {
  const [listener] = await defaultBackend.createUdpListeners(await atFirstAddress(options));
  return listener;
}

/** The options with a host name replaced by its first address; anything else untouched (the backend validates). */
async function atFirstAddress<T extends { readonly host?: string; readonly family?: 'IPv4' | 'IPv6' }>(options: T): Promise<T> {
  const host = options?.host;
  if (typeof host !== 'string' || host === '' || isIP(host) !== 0) return options;
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : 0;
  return { ...options, host: (await lookup(host, { family })).address };
}
