/**
 * A connection listener over a listening `net.Server` (TCP or Unix): the adapter between Node's
 * `'connection'` events and the hot `serve` Observable.
 *
 * Contracts honoured here: L1 (hot, bounded early queue), L2 (order, one subscriber), L5
 * (unsubscribing closes the server and every still-open transport the subscription emitted,
 * abruptly), L6 (`aclose` stops accepting and completes `serve`; transports already handed out
 * stay open), L7 (accept errors after listening never end `serve` and print nothing), P1
 * (accepted sockets stay paused until handed out), P2 (`maxConnections`).
 * `serve(handler)` (L3) comes from `AbstractAsyncListener`.
 *
 * P2 is Node's `server.maxConnections`: at the bound Node closes a new connection as soon as
 * it is accepted and emits `'drop'`, which is counted. Leaving it in the kernel's backlog
 * would need to stop accepting while the listening socket stays open, and Node cannot: its
 * server handle has no working `readStop` (checked: a no-op, and `readStart` fails ENOTCONN),
 * and closing the handle to listen again later resets the backlog and refuses connections
 * meanwhile, as well as risking the port.
 */
import type * as net from 'node:net';
import { tap, type Observable } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { closeAtOnce, type AbortOptions } from '../internal/abort';
import { ListenerAttribute, SocketAttribute, type InetAddress, type TypedAttribute, type TypedAttributeMap } from '../typed-attributes';
import { DEFAULT_MAX_CONNECTIONS } from '../core/backend-options';
import { channels, type ConnectionAcceptedMessage, type ListenerMessage } from '../core/diagnostics';
import { AbstractAsyncListener } from '../serving/abstract-listeners';
import { ArrivalQueue } from '../serving/arrival-queue';
import { SocketStreamTransport, type SocketEnds, type SocketStreamTransportOptions } from './socket-stream';
import { acloseForcefully } from '../core/aclose-forcefully';

/** Options of a socket listener. */
export interface SocketListenerOptions {
  /** Unread bytes each accepted transport holds before pausing its socket (S6). */
  readonly highWaterMark?: number;
  /** Accepted connections held while nobody subscribes (L1). Default 128. */
  readonly maxQueuedConnections?: number;
  /** Set for a Unix listener: the path it is bound to. */
  readonly unixPath?: string;
  /** The most connections held, waiting or open (P2). Default `DEFAULT_MAX_CONNECTIONS`. */
  readonly maxConnections?: number;
  /** Idle timeout of each transport handed out (P3). Default: none. */
  readonly idleTimeout?: number;
}

export class SocketListener extends AbstractAsyncListener<SocketStreamTransport> {
  readonly #server: net.Server;
  readonly #backend: AsyncBackend;
  readonly #arrivals: ArrivalQueue<SocketStreamTransport>;
  /** Transports the current subscription emitted that are still open (L5). */
  readonly #handedOut = new Set<SocketStreamTransport>();
  readonly #attributes: TypedAttributeMap;
  #closing = false;
  #accepted = 0;
  #open = 0;
  #refused = 0;
  /** One function for every transport: counts its close and forgets it (L5). */
  readonly #closed = (transport: SocketStreamTransport): void => {
    this.#open--;
    this.#handedOut.delete(transport);
  };

  /** Takes ownership of a listening server; its listeners are attached at once. */
  constructor(server: net.Server, backend: AsyncBackend, options: SocketListenerOptions = {}) {
    super();
    this.#server = server;
    this.#backend = backend;
    this.#arrivals = new ArrivalQueue(options.maxQueuedConnections ?? 128, (t) => {
      this.#refused++;
      void acloseForcefully(t);
    });
    const { unixPath, highWaterMark, idleTimeout } = options;
    const ends: SocketEnds = unixPath === undefined ? { kind: 'inet' } : { kind: 'unix', local: unixPath, remote: '' };
    // One options object for every connection: the accept path allocates only what each keeps.
    const transportOptions: SocketStreamTransportOptions = { highWaterMark, ends, idleTimeout, held: true, onClosed: this.#closed };
    server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    server.on('drop', () => void this.#refused++);
    server.on('connection', (socket: net.Socket) => {
      this.#accepted++;
      this.#open++;
      // Held until handed out (P1): waiting in the early queue, it reads nothing.
      // The socket of a 'connection' event is open: its 'close' is still to come.
      const transport = new SocketStreamTransport(socket, backend, transportOptions);
      if (channels.connectionAccepted.hasSubscribers) channels.connectionAccepted.publish({ listener: this, transport } satisfies ConnectionAcceptedMessage);
      this.#arrivals.push(transport);
    });
    // After listening, the only errors are failed accepts (EMFILE, ECONNABORTED): transient (L7).
    server.on('error', () => undefined);
    this.#attributes = new Map([
      ...listenerAttributes(server),
      [ListenerAttribute.acceptedConnections, () => this.#accepted],
      [ListenerAttribute.openConnections, () => this.#open],
      [ListenerAttribute.waitingConnections, () => this.#arrivals.queued],
      [ListenerAttribute.refusedConnections, () => this.#refused],
      [ListenerAttribute.maxConnections, () => server.maxConnections],
      [ListenerAttribute.handlerErrors, () => this.handlerErrors],
    ]);
    if (channels.listenerBound.hasSubscribers) {
      channels.listenerBound.publish({ listener: this, localAddress: this.extra(SocketAttribute.localAddress) } satisfies ListenerMessage);
    }
  }

  backend(): AsyncBackend {
    return this.#backend;
  }

  isClosing(): boolean {
    return this.#closing;
  }

  /** Stops accepting at once (the port or path is free when this resolves); a listener has no graceful exchange. */
  aclose(options?: AbortOptions): Promise<void> {
    return closeAtOnce(options, () => this.#stop());
  }

  override get extraAttributes(): TypedAttributeMap {
    return this.#attributes;
  }

  protected override startReading(transport: SocketStreamTransport): void {
    transport.startReading();
  }

  protected connections(): Observable<SocketStreamTransport> {
    return this.#arrivals
      .observe(() => {
        // L5: what this subscription produced dies with it.
        this.#stop();
        for (const transport of this.#handedOut) void acloseForcefully(transport);
        this.#handedOut.clear();
      })
      .pipe(
        tap((transport) => {
          if (!transport.isClosing()) this.#handedOut.add(transport);
        }),
      );
  }

  #stop(): void {
    if (this.#closing) return;
    this.#closing = true;
    // Closes the listening handle now; Node's 'close' event would also wait for every
    // accepted connection, which L6 leaves open, so nothing waits for it.
    this.#server.close();
    this.#arrivals.end();
    if (channels.listenerClosed.hasSubscribers) {
      channels.listenerClosed.publish({ listener: this, localAddress: this.extra(SocketAttribute.localAddress) } satisfies ListenerMessage);
    }
  }
}

/** The bound address, read once while the server is listening (it has none after close). */
function listenerAttributes(server: net.Server): TypedAttributeMap {
  const address = server.address();
  if (address === null) throw new Error('SocketListener needs a listening server');
  if (typeof address === 'string') {
    return new Map([
      [SocketAttribute.family, () => 'unix'],
      [SocketAttribute.localAddress, () => address],
    ]);
  }
  const localAddress: InetAddress = { host: address.address, port: address.port };
  return new Map<TypedAttribute<unknown>, () => unknown>([
    [SocketAttribute.family, () => address.family],
    [SocketAttribute.localAddress, () => localAddress],
  ]);
}
