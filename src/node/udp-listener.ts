/**
 * A datagram listener over a bound, unconnected `dgram.Socket`: the adapter between Node's
 * `'message'` events and the hot `serve` Observable of `[datagram, address]` pairs.
 *
 * Contracts honoured here: L1 (hot; datagrams that arrive before a subscriber wait in a bounded
 * queue, beyond which they are dropped and counted, D2), L2 (arrival order, one subscriber),
 * L5 (unsubscribing closes the socket at once: the port is free), L6 (`aclose` completes
 * `serve`), L7 (`sendTo` is safe concurrently; socket errors never end `serve`).
 * `serve(handler)` with global or per-peer ordering (L4) comes from `AbstractAsyncDatagramListener`.
 */
import type * as dgram from 'node:dgram';
import type { Observable } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { ClosedResourceError } from '../errors';
import { raceAbort, signalOf, type AbortOptions } from '../internal/abort';
import { asBuffer, attempt, checkBytes } from '../internal/validate';
import {
  DatagramAttribute,
  ListenerAttribute,
  SocketAttribute,
  type InetAddress,
  type TypedAttribute,
  type TypedAttributeMap,
} from '../typed-attributes';
import { AbstractAsyncDatagramListener } from '../serving/abstract-listeners';
import { channels, type DatagramDroppedMessage, type ListenerMessage } from '../core/diagnostics';
import type { HandlerQueueBound } from '../serving/handle-datagrams';
import { ArrivalQueue } from '../serving/arrival-queue';
import { DEFAULT_MAX_QUEUED_DATAGRAMS } from '../core/backend-options';
import { checkInetAddress, destinationHost, peerAddress } from './inet-address';

/** Options of a UDP listener. */
export interface UdpListenerOptions {
  /**
   * Datagrams held while nobody subscribes (L1), and datagrams waiting for a handler of
   * `serve(handler)` (L4); beyond, they are dropped and counted. Default 1024.
   */
  readonly maxQueuedDatagrams?: number;
}

export class UdpListener extends AbstractAsyncDatagramListener<InetAddress> {
  readonly #socket: dgram.Socket;
  readonly #type: 'udp4' | 'udp6';
  readonly #backend: AsyncBackend;
  readonly #arrivals: ArrivalQueue<[Buffer, InetAddress]>;
  readonly #attributes: TypedAttributeMap;
  #dropped = 0;
  #received = 0;
  /** Counts a drop (D2) and tells `rxnet:datagram:dropped` (O2). */
  readonly #drop = (): void => {
    this.#dropped++;
    if (channels.datagramDropped.hasSubscribers) channels.datagramDropped.publish({ source: this } satisfies DatagramDroppedMessage);
  };
  #closing = false;
  #closed: Promise<void> | undefined;

  /** Takes ownership of a bound socket of `type`; its listeners are attached at once. */
  constructor(socket: dgram.Socket, type: 'udp4' | 'udp6', backend: AsyncBackend, options: UdpListenerOptions = {}) {
    super();
    this.#socket = socket;
    this.#type = type;
    this.#backend = backend;
    this.#arrivals = new ArrivalQueue(options.maxQueuedDatagrams ?? DEFAULT_MAX_QUEUED_DATAGRAMS, this.#drop);
    socket.on('message', (datagram: Buffer, from: dgram.RemoteInfo) => {
      this.#received++;
      this.#arrivals.push([datagram, peerAddress(from.address, from.port)]);
    });
    // An unconnected socket's errors concern one datagram, never the listener (L7).
    socket.on('error', () => undefined);
    const bound = socket.address();
    const localAddress = peerAddress(bound.address, bound.port);
    const arrivals = this.#arrivals;
    this.#attributes = new Map<TypedAttribute<unknown>, () => unknown>([
      [SocketAttribute.socket, () => socket],
      [SocketAttribute.family, () => bound.family],
      [SocketAttribute.localAddress, () => localAddress],
      [DatagramAttribute.queuedDatagrams, () => arrivals.queued],
      [DatagramAttribute.receivedDatagrams, () => this.#received],
      [DatagramAttribute.droppedDatagrams, () => this.#dropped],
      [ListenerAttribute.handlerErrors, () => this.handlerErrors],
      [DatagramAttribute.maxQueuedDatagrams, () => arrivals.limit],
    ]);
    if (channels.listenerBound.hasSubscribers) channels.listenerBound.publish({ listener: this, localAddress } satisfies ListenerMessage);
  }

  backend(): AsyncBackend {
    return this.#backend;
  }

  isClosing(): boolean {
    return this.#closing;
  }

  /** Sends one datagram to `address` (an IP literal and a port); rejects with Node's error (EMSGSIZE, ...). */
  sendTo(data: ArrayBufferView, address: InetAddress, options?: AbortOptions): Promise<void> {
    // Not `attempt(() => ...)`, and no abort callback without a signal: a server replies to
    // every datagram this way, and each closure would be allocated per datagram.
    try {
      checkBytes(data, 'sendTo: data');
      checkInetAddress(address, 'sendTo: address');
      const signal = signalOf(options, 'sendTo');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#closing) throw new ClosedResourceError('the listener was closed');
      const host = destinationHost(this.#type, address.host);
      const sent = new Promise<void>((resolve, reject) => {
        this.#socket.send(asBuffer(data), address.port, host, (error) => {
          if (error == null) resolve();
          else reject(this.#closing ? new ClosedResourceError('the listener was closed') : error);
        });
      });
      return signal === undefined ? sent : raceAbort(sent, signal, () => void this.#close());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  aclose(options?: AbortOptions): Promise<void> {
    return attempt(() => {
      const signal = signalOf(options, 'aclose');
      return raceAbort(this.#close(), signal, () => undefined);
    });
  }

  override get extraAttributes(): TypedAttributeMap {
    return this.#attributes;
  }

  /** Datagrams waiting for a handler share the early queue's bound and drop counter (D2). */
  protected override handlerQueue(): Pick<HandlerQueueBound, 'limit' | 'onDrop'> {
    return { limit: this.#arrivals.limit, onDrop: this.#drop };
  }

  protected datagrams(): Observable<[Buffer, InetAddress]> {
    return this.#arrivals.observe(() => void this.#close()); // L5: the socket dies with the subscription
  }

  #close(): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.#closing = true;
    this.#arrivals.end();
    if (channels.listenerClosed.hasSubscribers) {
      channels.listenerClosed.publish({ listener: this, localAddress: this.extra(SocketAttribute.localAddress) } satisfies ListenerMessage);
    }
    this.#closed = new Promise<void>((resolve) => this.#socket.close(() => resolve()));
    return this.#closed;
  }
}
