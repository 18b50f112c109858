/**
 * `NodeBackend`: transports and listeners over `node:net`, timed by an RxJS scheduler.
 *
 * Every factory validates all of its arguments before touching a socket (C8), rejects with
 * Node's own error (and `code`) when a connect or bind fails, and leaves nothing open when it
 * rejects. Connect timeouts are `timeout` on the backend's scheduler (reactive rules), so a
 * backend on a `TestScheduler` makes them virtual.
 */
import { lookup } from 'node:dns/promises';
import { lstat, unlink } from 'node:fs/promises';
import * as net from 'node:net';
import { asyncScheduler, map, Observable, timeout, type SchedulerLike } from 'rxjs';
import { UnsupportedOperation } from '../errors';
import { firstValueAbortable, raceAbort, signalOf } from '../internal/abort';
import { checkNonEmptyString, checkOptions, checkPort, checkPositive, checkSize } from '../internal/validate';
import type { AsyncListener, AsyncStreamTransport } from '../transports/abc';
import { SocketListener, type SocketListenerOptions } from '../transports/socket-listener';
import { SocketStreamTransport, type SocketStreamTransportOptions } from '../transports/socket-stream';
import { acloseForcefully } from '../transports/utils';
import type {
  AsyncBackend,
  StreamListenerOptions,
  TcpConnectOptions,
  TcpListenOptions,
  UnixConnectOptions,
  UnixListenOptions,
} from './backend';

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
    return this.#connect(open, options, { highWaterMark: options.highWaterMark });
  }

  async createTcpListeners(options: TcpListenOptions = {}): Promise<AsyncListener<AsyncStreamTransport>[]> {
    checkListenOptions(options, 'listenTcp');
    const { host, port = 0, backlog, reusePort = false, noDelay = true } = options;
    if (host !== undefined) checkNonEmptyString(host, 'listenTcp: options.host');
    checkPort(port, 'listenTcp: options.port', true);
    if (typeof reusePort !== 'boolean') throw new TypeError('listenTcp: options.reusePort must be a boolean');
    if (reusePort && !nodeSupportsTcpReusePort()) {
      throw new UnsupportedOperation(`listenTcp: reusePort needs Node 22.12+ for TCP (this is ${process.version})`);
    }
    const signal = signalOf(options, 'listenTcp');
    if (signal?.aborted) throw signal.reason;

    // Omitted host: one dual-stack listener on every interface. A name: one per address.
    const hosts = host === undefined || net.isIP(host) !== 0 ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    const listeners: SocketListener[] = [];
    try {
      let boundPort = port;
      for (const address of hosts) {
        const listen: net.ListenOptions = { host: address, port: boundPort, backlog };
        if (reusePort) Object.assign(listen, { reusePort });
        const server = await listenServer(listen, signal);
        // Every address of one name shares the port the first bind picked.
        boundPort = (server.address() as net.AddressInfo).port;
        listeners.push(new SocketListener(server, this, listenerOptions(options, { noDelay })));
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
    return this.#connect(open, options, { highWaterMark: options.highWaterMark, ends: { kind: 'unix', local: '', remote: path } });
  }

  async createUnixStreamListener(path: string, options: UnixListenOptions = {}): Promise<AsyncListener<AsyncStreamTransport>> {
    checkNonEmptyString(path, 'listenUnix: path');
    checkListenOptions(options, 'listenUnix');
    const signal = signalOf(options, 'listenUnix');
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
  return options;
}

function checkListenOptions(options: StreamListenerOptions, where: string): void {
  checkOptions(options, `${where}: options`);
  signalOf(options, where);
  if (options.backlog !== undefined) checkSize(options.backlog, `${where}: options.backlog`);
  if (options.highWaterMark !== undefined) checkPositive(options.highWaterMark, `${where}: options.highWaterMark`);
  if (options.maxQueuedConnections !== undefined) checkSize(options.maxQueuedConnections, `${where}: options.maxQueuedConnections`);
}

function listenerOptions(options: StreamListenerOptions, extra: SocketListenerOptions): SocketListenerOptions {
  return { highWaterMark: options.highWaterMark, maxQueuedConnections: options.maxQueuedConnections, ...extra };
}

/** Binds a new server; rejects with Node's error (EADDRINUSE, EACCES) and leaves nothing bound. */
function listenServer(listen: net.ListenOptions, signal: AbortSignal | undefined): Promise<net.Server> {
  const server = net.createServer({ allowHalfOpen: true });
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

function nodeSupportsTcpReusePort(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}
