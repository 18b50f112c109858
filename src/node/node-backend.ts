/**
 * `src/node/`: the adapters at the edge, the only code (with `tls/`) that imports `node:net`
 * or `node:dgram` or touches a Node socket: sockets in, bytes out into `reading/`. May import
 * every folder but `tls/`, `memory/`, `operators/` and `testing/`.
 *
 * `NodeBackend`: transports and listeners over `node:net`, timed by an RxJS scheduler.
 *
 * Every factory validates all of its arguments before touching a socket (C8), rejects with
 * Node's own error (and `code`) when a connect or bind fails, and leaves nothing open when it
 * rejects. Connect timeouts are `timeout` on the backend's scheduler (reactive rules), so a
 * backend on a `TestScheduler` makes them virtual.
 */
import * as dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { lstat, unlink } from 'node:fs/promises';
import * as net from 'node:net';
import { asyncScheduler, map, Observable, timeout, type SchedulerLike } from 'rxjs';
import { UnsupportedOperation } from '../errors';
import { firstValueAbortable, raceAbort, signalOf } from '../internal/abort';
import { checkNonEmptyString, checkOptions, checkPort, checkPositive, checkSize } from '../internal/validate';
import type { AsyncBackend, AsyncDatagramListener, AsyncDatagramTransport, AsyncListener, AsyncStreamTransport } from '../core/abc';
import { UdpDatagramTransport } from './udp-datagram';
import { UdpListener } from './udp-listener';
import type { InetAddress } from '../typed-attributes';
import { SocketListener, type SocketListenerOptions } from './socket-listener';
import { SocketStreamTransport, type SocketStreamTransportOptions } from './socket-stream';
import { acloseForcefully } from '../core/aclose-forcefully';
import type {
  StreamListenerOptions,
  TcpConnectOptions,
  TcpListenOptions,
  UdpConnectOptions,
  UdpListenOptions,
  UnixConnectOptions,
  UnixListenOptions,
} from '../core/backend-options';

export class NodeBackend implements AsyncBackend {
  /** @param scheduler times every timeout; `asyncScheduler` (real time) by default. */
  constructor(readonly scheduler: SchedulerLike = asyncScheduler) {}

  async createTcpConnection(host: string, port: number, options: TcpConnectOptions = {}): Promise<AsyncStreamTransport> {
    checkNonEmptyString(host, 'connectTcp: host');
    checkPort(port, 'connectTcp: port', false);
    const { localAddress, localPort, noDelay = true } = checkConnectOptions(options, 'connectTcp');
    if (localAddress !== undefined) checkNonEmptyString(localAddress, 'connectTcp: options.localAddress');
    if (localPort !== undefined) checkPort(localPort, 'connectTcp: options.localPort', true);
    const open = (): net.Socket => net.connect({ host, port, localAddress, localPort, noDelay, allowHalfOpen: true });
    return this.#connect(open, options, { highWaterMark: options.highWaterMark, idleTimeout: options.idleTimeout });
  }

  async createTcpListeners(options: TcpListenOptions = {}): Promise<AsyncListener<AsyncStreamTransport>[]> {
    const signal = checkListenOptions(options, 'listenTcp');
    const { host, port = 0, backlog, reusePort = false, noDelay = true } = options;
    if (host !== undefined) checkNonEmptyString(host, 'listenTcp: options.host');
    checkPort(port, 'listenTcp: options.port', true);
    checkReusePort(reusePort, 'listenTcp');
    if (signal?.aborted) throw signal.reason;

    // Omitted host: one dual-stack listener on every interface. A name: one per address.
    const hosts = host === undefined ? [undefined] : await addressesOf(host, undefined);
    const listeners: SocketListener[] = [];
    try {
      let boundPort = port;
      for (const address of hosts) {
        const listen: net.ListenOptions = { host: address, port: boundPort, backlog };
        if (reusePort) Object.assign(listen, { reusePort });
        const server = await listenServer(listen, signal, noDelay);
        // Every address of one name shares the port the first bind picked.
        boundPort = (server.address() as net.AddressInfo).port;
        listeners.push(new SocketListener(server, this, listenerOptions(options)));
      }
    } catch (error) {
      await Promise.all(listeners.map(acloseForcefully));
      throw error;
    }
    return listeners;
  }

  async createUnixStreamConnection(path: string, options: UnixConnectOptions = {}): Promise<AsyncStreamTransport> {
    checkNonEmptyString(path, 'connectUnix: path');
    checkConnectOptions(options, 'connectUnix');
    const open = (): net.Socket => net.connect({ path, allowHalfOpen: true });
    return this.#connect(open, options, {
      highWaterMark: options.highWaterMark,
      idleTimeout: options.idleTimeout,
      ends: { kind: 'unix', local: '', remote: path },
    });
  }

  async createUnixStreamListener(path: string, options: UnixListenOptions = {}): Promise<AsyncListener<AsyncStreamTransport>> {
    checkNonEmptyString(path, 'listenUnix: path');
    const signal = checkListenOptions(options, 'listenUnix');
    if (signal?.aborted) throw signal.reason;
    const listen: net.ListenOptions = { path, backlog: options.backlog };
    let server: net.Server;
    try {
      server = await listenServer(listen, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !(await isStaleUnixSocket(path))) throw error;
      await unlink(path);
      server = await listenServer(listen, signal);
    }
    return new SocketListener(server, this, listenerOptions(options, { unixPath: path }));
  }

  async createUdpEndpoint(host: string, port: number, options: UdpConnectOptions = {}): Promise<AsyncDatagramTransport> {
    checkNonEmptyString(host, 'connectUdp: host');
    checkPort(port, 'connectUdp: port', false);
    checkOptions(options, 'connectUdp: options');
    const { localAddress, family, maxQueuedDatagrams } = options;
    checkFamily(family, 'connectUdp');
    if (maxQueuedDatagrams !== undefined) checkPositive(maxQueuedDatagrams, 'connectUdp: options.maxQueuedDatagrams');
    if (localAddress !== undefined) checkLocalAddress(localAddress, 'connectUdp: options.localAddress');
    const signal = signalOf(options, 'connectUdp');
    if (signal?.aborted) throw signal.reason;

    const [remote] = await addressesOf(host, family);
    const type = net.isIP(remote) === 6 ? 'udp6' : 'udp4';
    const connected$ = new Observable<AsyncDatagramTransport>((subscriber) => {
      const socket = dgram.createSocket(type);
      let connected = false;
      const onError = (error: Error): void => subscriber.error(error);
      socket.once('error', onError);
      const connect = (): void =>
        socket.connect(port, remote, () => {
          connected = true;
          socket.off('error', onError);
          subscriber.next(new UdpDatagramTransport(socket, this, { maxQueuedDatagrams }));
          subscriber.complete();
        });
      if (localAddress === undefined) connect();
      else socket.bind(localAddress.port, localAddress.host, connect);
      return () => {
        if (!connected) closeQuietly(socket);
      };
    });
    return firstValueAbortable(connected$, signal);
  }

  async createUdpListeners(options: UdpListenOptions = {}): Promise<AsyncDatagramListener<InetAddress>[]> {
    checkOptions(options, 'listenUdp: options');
    const { host, port = 0, family, reusePort = false, maxQueuedDatagrams } = options;
    if (host !== undefined) checkNonEmptyString(host, 'listenUdp: options.host');
    checkPort(port, 'listenUdp: options.port', true);
    checkFamily(family, 'listenUdp');
    checkReusePort(reusePort, 'listenUdp');
    if (maxQueuedDatagrams !== undefined) checkSize(maxQueuedDatagrams, 'listenUdp: options.maxQueuedDatagrams');
    const signal = signalOf(options, 'listenUdp');
    if (signal?.aborted) throw signal.reason;

    const hosts = host === undefined ? [undefined] : await addressesOf(host, family);
    const listeners: UdpListener[] = [];
    try {
      let boundPort = port;
      for (const address of hosts) {
        const [socket, type] = await bindUdp(address, boundPort, family, reusePort);
        boundPort = socket.address().port;
        listeners.push(new UdpListener(socket, type, this, { maxQueuedDatagrams }));
      }
    } catch (error) {
      await Promise.all(listeners.map(acloseForcefully));
      throw error;
    }
    return listeners;
  }

  /** Opens a socket, wraps it once connected, and undoes the attempt on error, timeout or abort. */
  #connect(
    open: () => net.Socket,
    options: TcpConnectOptions | UnixConnectOptions,
    transportOptions: SocketStreamTransportOptions,
  ): Promise<AsyncStreamTransport> {
    const connected$ = new Observable<net.Socket>((subscriber) => {
      const socket = open();
      let connected = false;
      const onError = (error: Error): void => subscriber.error(error);
      socket.once('error', onError);
      socket.once('connect', () => {
        connected = true;
        socket.off('error', onError);
        subscriber.next(socket);
        subscriber.complete();
      });
      return () => {
        if (!connected) socket.destroy();
      };
    });
    // The transport is made in the 'connect' callback itself, so its 'error' listener is
    // attached before the socket can emit anything else.
    let attempt$ = connected$.pipe(map((socket) => new SocketStreamTransport(socket, this, transportOptions)));
    if (options.timeout !== undefined) attempt$ = attempt$.pipe(timeout({ first: options.timeout, scheduler: this.scheduler }));
    return firstValueAbortable(attempt$, options.signal);
  }
}

/** The backend of the root entry points: real sockets, real time. */
export const defaultBackend = new NodeBackend();

function checkConnectOptions<T extends TcpConnectOptions | UnixConnectOptions>(options: T, where: string): T {
  checkOptions(options, `${where}: options`);
  signalOf(options, where);
  if (options.timeout !== undefined) checkSize(options.timeout, `${where}: options.timeout`);
  if (options.highWaterMark !== undefined) checkPositive(options.highWaterMark, `${where}: options.highWaterMark`);
  if (options.idleTimeout !== undefined) checkPositive(options.idleTimeout, `${where}: options.idleTimeout`);
  return options;
}

/** Checks every option a stream listener shares; returns its signal. */
function checkListenOptions(options: StreamListenerOptions, where: string): AbortSignal | undefined {
  checkOptions(options, `${where}: options`);
  const signal = signalOf(options, where);
  if (options.backlog !== undefined) checkSize(options.backlog, `${where}: options.backlog`);
  if (options.highWaterMark !== undefined) checkPositive(options.highWaterMark, `${where}: options.highWaterMark`);
  if (options.maxQueuedConnections !== undefined) checkSize(options.maxQueuedConnections, `${where}: options.maxQueuedConnections`);
  if (options.idleTimeout !== undefined) checkPositive(options.idleTimeout, `${where}: options.idleTimeout`);
  if (options.maxConnections !== undefined && options.maxConnections !== Infinity) {
    checkPositive(options.maxConnections, `${where}: options.maxConnections`);
  }
  return signal;
}

function listenerOptions(options: StreamListenerOptions, extra: SocketListenerOptions = {}): SocketListenerOptions {
  const { highWaterMark, maxQueuedConnections, maxConnections, idleTimeout } = options;
  return { highWaterMark, maxQueuedConnections, maxConnections, idleTimeout, ...extra };
}

/**
 * Binds a new server; rejects with Node's error (EADDRINUSE, EACCES) and leaves nothing bound.
 * `noDelay` (TCP): Node sets TCP_NODELAY on the accepted handle itself, before the socket exists.
 */
function listenServer(listen: net.ListenOptions, signal: AbortSignal | undefined, noDelay = false): Promise<net.Server> {
  // pauseOnConnect: an accepted socket reads nothing until its transport is handed out (P1).
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay });
  const bound = new Promise<net.Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
  return raceAbort(bound, signal, () => server.close());
}

/** True when `path` is a socket file nobody accepts on: left behind by a process that died. */
async function isStaleUnixSocket(path: string): Promise<boolean> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined || !stats.isSocket()) return false;
  return new Promise<boolean>((resolve) => {
    const probe = net.connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** IP literals of `host`: itself when it is one, else what the resolver answers, in its order. */
async function addressesOf(host: string, family: 'IPv4' | 'IPv6' | undefined): Promise<string[]> {
  if (net.isIP(host) !== 0) return [host];
  const answers = await lookup(host, { all: true, family: family === undefined ? 0 : family === 'IPv4' ? 4 : 6 });
  return answers.map((answer) => answer.address);
}

/**
 * Binds a UDP socket. An omitted host binds every interface: a dual-stack IPv6 socket where
 * the machine has IPv6, else IPv4; `family` narrows it to one. Rejects with Node's error.
 */
async function bindUdp(
  host: string | undefined,
  port: number,
  family: 'IPv4' | 'IPv6' | undefined,
  reusePort: boolean,
): Promise<[dgram.Socket, 'udp4' | 'udp6']> {
  const bindOnce = (type: 'udp4' | 'udp6', address: string, ipv6Only: boolean): Promise<[dgram.Socket, 'udp4' | 'udp6']> =>
    new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type, ipv6Only, ...(reusePort ? { reusePort } : {}) } as dgram.SocketOptions);
      socket.once('error', (error) => {
        closeQuietly(socket);
        reject(error);
      });
      socket.bind(port, address, () => {
        socket.removeAllListeners('error');
        resolve([socket, type]);
      });
    });
  if (host !== undefined) return bindOnce(net.isIP(host) === 6 ? 'udp6' : 'udp4', host, false);
  if (family === 'IPv4') return bindOnce('udp4', '0.0.0.0', false);
  if (family === 'IPv6') return bindOnce('udp6', '::', true);
  try {
    return await bindOnce('udp6', '::', false);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
    return bindOnce('udp4', '0.0.0.0', false);
  }
}

function closeQuietly(socket: dgram.Socket): void {
  try {
    socket.close();
  } catch {
    // Already closed: nothing left to release.
  }
}

function checkFamily(family: unknown, where: string): void {
  if (family !== undefined && family !== 'IPv4' && family !== 'IPv6') {
    throw new TypeError(`${where}: options.family must be 'IPv4' or 'IPv6', got ${JSON.stringify(family)}`);
  }
}

function checkLocalAddress(address: unknown, name: string): asserts address is InetAddress {
  if (typeof address !== 'object' || address === null) throw new TypeError(`${name} must be an object { host, port }`);
  const { host, port } = address as { host?: unknown; port?: unknown };
  if (typeof host !== 'string' || net.isIP(host) === 0) throw new TypeError(`${name}.host must be an IP address literal`);
  checkPort(port, `${name}.port`, true);
}

function checkReusePort(reusePort: unknown, where: string): void {
  if (typeof reusePort !== 'boolean') throw new TypeError(`${where}: options.reusePort must be a boolean`);
  if (reusePort && !nodeSupportsReusePort()) {
    throw new UnsupportedOperation(`${where}: reusePort needs Node 22.12+ (this is ${process.version})`);
  }
}

function nodeSupportsReusePort(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}
