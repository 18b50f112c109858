/**
 * A datagram transport over a connected `dgram.Socket`: the adapter between Node's
 * `'message'` events and rxnet's datagram contract.
 *
 * Contracts honoured here: C1-C7, D1, D2.
 * - Reads: each `'message'` enters a bounded `DatagramQueue` (D2: dropped and counted when
 *   full); `recv` is that queue's `read`.
 * - Sends: `send` resolves once Node handed the datagram to the kernel (the caller may reuse its
 *   buffer). One that is too large rejects with Node's EMSGSIZE error; nothing is sent and the
 *   transport stays usable (D1).
 * - Errors: an ICMP error reported on the connected socket (ECONNREFUSED: nobody listens at the
 *   remote address) is a path failure: sticky `BrokenResourceError` (C4).
 * - Close: UDP has no closing exchange, so graceful and abrupt close are the same.
 */
import type * as dgram from 'node:dgram';
import type { AsyncBackend } from '../core/abc';
import { BrokenResourceError, ClosedResourceError } from '../errors';
import { raceAbort, signalOf, type AbortOptions } from '../internal/abort';
import { asBuffer, attempt, checkBytes } from '../internal/validate';
import { DatagramAttribute, SocketAttribute, type TypedAttribute, type TypedAttributeMap } from '../typed-attributes';
import { QueuedDatagramTransport } from '../reading/buffered';
import { reasonOf, terminationAttributes, TerminationRecorder } from '../core/termination';
import { DEFAULT_MAX_QUEUED_DATAGRAMS } from '../core/backend-options';
import { DatagramQueue } from '../reading/datagram-queue';
import { peerAddress } from './inet-address';

/** Options of a UDP datagram transport. */
export interface UdpDatagramTransportOptions {
  /** Unread datagrams held before new ones are dropped (D2). Default 1024. */
  readonly maxQueuedDatagrams?: number;
}

export class UdpDatagramTransport extends QueuedDatagramTransport {
  readonly #socket: dgram.Socket;
  readonly #backend: AsyncBackend;
  readonly #attributes: TypedAttributeMap;
  #closing = false;
  #broken: BrokenResourceError | undefined;
  #closed: Promise<void> | undefined;
  readonly #recorder: TerminationRecorder;

  /** Takes ownership of a connected socket; its listeners are attached before anything can emit. */
  constructor(socket: dgram.Socket, backend: AsyncBackend, options: UdpDatagramTransportOptions = {}) {
    super(new DatagramQueue(options.maxQueuedDatagrams ?? DEFAULT_MAX_QUEUED_DATAGRAMS));
    this.#socket = socket;
    this.#backend = backend;
    this.#recorder = new TerminationRecorder(backend.scheduler, this);
    socket.on('message', (datagram: Buffer) => this.incoming.push(datagram));
    socket.on('error', (error) => this.#fail(error));
    // Read once while connected: after close, Node has no addresses to give.
    const local = socket.address();
    const remote = socket.remoteAddress();
    const localAddress = peerAddress(local.address, local.port);
    const remoteAddress = peerAddress(remote.address, remote.port);
    const queue = this.incoming;
    this.#attributes = new Map<TypedAttribute<unknown>, () => unknown>([
      [SocketAttribute.socket, () => socket],
      [SocketAttribute.family, () => remote.family],
      [SocketAttribute.localAddress, () => localAddress],
      [SocketAttribute.remoteAddress, () => remoteAddress],
      [DatagramAttribute.queuedDatagrams, () => queue.queued],
      [DatagramAttribute.droppedDatagrams, () => queue.dropped],
      [DatagramAttribute.maxQueuedDatagrams, () => queue.limit],
      ...terminationAttributes(this.#recorder),
    ]);
  }

  backend(): AsyncBackend {
    return this.#backend;
  }

  isClosing(): boolean {
    return this.#closing;
  }

  send(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    // Not `attempt(() => ...)`, and no abort callback without a signal: with recv, this is the
    // hottest call there is.
    try {
      checkBytes(data, 'send: data');
      const signal = signalOf(options, 'send');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#closing) throw new ClosedResourceError('the transport was closed');
      if (this.#broken !== undefined) throw this.#broken;
      const sent = new Promise<void>((resolve, reject) => {
        this.#socket.send(asBuffer(data), (error) => {
          if (error == null) resolve();
          else reject(this.#closing ? new ClosedResourceError('the transport was closed') : error);
        });
      });
      if (signal === undefined) return sent;
      return raceAbort(sent, signal, () => {
        this.#recorder.cause('local-abort');
        void this.#close();
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  aclose(options?: AbortOptions): Promise<void> {
    return attempt(() => {
      const signal = signalOf(options, 'aclose');
      this.#recorder.cause(signal?.aborted ? 'local-abort' : 'local-close');
      this.#closed ??= this.#close();
      return raceAbort(this.#closed, signal, () => undefined);
    });
  }

  override get extraAttributes(): TypedAttributeMap {
    return this.#attributes;
  }

  #fail(error: Error): void {
    if (this.#closing) return;
    this.#recorder.cause(reasonOf(error), error);
    this.#broken ??= new BrokenResourceError(`datagram path broken: ${error.message}`, { cause: error });
    this.incoming.fail(this.#broken);
  }

  #close(): Promise<void> {
    if (this.#closing) return this.#closed ?? Promise.resolve();
    this.#closing = true;
    this.incoming.close(new ClosedResourceError('the transport was closed'));
    this.#closed = new Promise<void>((resolve) =>
      this.#socket.close(() => {
        this.#recorder.closed('local-close');
        resolve();
      }),
    );
    return this.#closed;
  }
}
