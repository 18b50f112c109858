/**
 * In-memory datagram pairs: two connected `AsyncDatagramTransport`s with UDP's semantics and no
 * socket, for marble tests and protocol tests without the network.
 *
 * Contracts: C1-C7, D1, D2 as a connected UDP socket shows them: `send` copies the datagram
 * into the peer's bounded queue (dropped and counted there when full); a datagram larger than
 * `maxDatagramSize` rejects with an EMSGSIZE error and sends nothing; a datagram sent to a
 * closed peer is lost silently, as UDP has no connection to break.
 */
import type { AsyncBackend } from '../core/abc';
import { defaultBackend } from '../node/node-backend';
import { ClosedResourceError } from '../errors';
import { closeAtOnce, signalOf, type AbortOptions } from '../internal/abort';
import { attempt, checkBytes, checkOptions, checkPositive } from '../internal/validate';
import { SENT } from '../internal/sent';
import { DatagramAttribute, type TypedAttribute, type TypedAttributeMap } from '../typed-attributes';
import { QueuedDatagramTransport } from '../reading/buffered';
import { terminationAttributes, TerminationRecorder } from '../core/termination';
import { DEFAULT_MAX_QUEUED_DATAGRAMS } from '../core/backend-options';
import { DatagramQueue } from '../reading/datagram-queue';

/** Options of `createMemoryDatagramPair`. */
export interface MemoryDatagramPairOptions {
  /** Unread datagrams each side holds before new ones are dropped (D2). Default 1024. */
  readonly maxQueuedDatagrams?: number;
  /** Largest datagram `send` accepts, as UDP over IPv4 allows. Default 65 507. */
  readonly maxDatagramSize?: number;
  /** The backend both transports report. Default: Node's. */
  readonly backend?: AsyncBackend;
}

/** Two connected in-memory datagram transports: what one sends, the other receives, whole. */
export function createMemoryDatagramPair(
  options: MemoryDatagramPairOptions = {},
): [MemoryDatagramTransport, MemoryDatagramTransport] {
  checkOptions(options, 'createMemoryDatagramPair: options');
  const { maxQueuedDatagrams = DEFAULT_MAX_QUEUED_DATAGRAMS, maxDatagramSize = 65_507, backend = defaultBackend } = options;
  checkPositive(maxQueuedDatagrams, 'createMemoryDatagramPair: options.maxQueuedDatagrams');
  checkPositive(maxDatagramSize, 'createMemoryDatagramPair: options.maxDatagramSize');
  const a = new DatagramQueue(maxQueuedDatagrams);
  const b = new DatagramQueue(maxQueuedDatagrams);
  return [
    new MemoryDatagramTransport(a, b, maxDatagramSize, backend),
    new MemoryDatagramTransport(b, a, maxDatagramSize, backend),
  ];
}

/** One end of `createMemoryDatagramPair`. */
export class MemoryDatagramTransport extends QueuedDatagramTransport {
  readonly #peer: DatagramQueue;
  readonly #maxDatagramSize: number;
  readonly #backend: AsyncBackend;
  readonly #recorder: TerminationRecorder;
  #closing = false;

  /** @internal Use `createMemoryDatagramPair`. */
  constructor(incoming: DatagramQueue, peer: DatagramQueue, maxDatagramSize: number, backend: AsyncBackend) {
    super(incoming);
    this.#peer = peer;
    this.#maxDatagramSize = maxDatagramSize;
    this.#backend = backend;
    this.#recorder = new TerminationRecorder(backend.scheduler, this);
  }

  /** The backend this transport belongs to; its scheduler times the transport's timers. */
  backend(): AsyncBackend {
    return this.#backend;
  }

  /** True from the first `aclose` on (C1). */
  isClosing(): boolean {
    return this.#closing;
  }

  /** Queues one datagram for the peer; beyond `maxDatagramSize`, `EMSGSIZE` (D1). */
  send(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      checkBytes(data, 'send: data');
      const signal = signalOf(options, 'send');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#closing) throw new ClosedResourceError('the transport was closed');
      if (data.byteLength > this.#maxDatagramSize) {
        throw Object.assign(new Error(`send EMSGSIZE: ${data.byteLength} bytes exceed ${this.#maxDatagramSize}`), {
          code: 'EMSGSIZE',
          syscall: 'send',
        });
      }
      this.#peer.push(Buffer.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      return SENT;
    });
  }

  /** Closes at once (C1). */
  aclose(options?: AbortOptions): Promise<void> {
    return closeAtOnce(options, (aborted) => {
      this.#closing = true;
      this.incoming.close(new ClosedResourceError('the transport was closed'));
      this.#recorder.closed(aborted ? 'local-abort' : 'local-close');
    });
  }

  /** The queue's state (D2) and the termination (O1). */
  override get extraAttributes(): TypedAttributeMap {
    const queue = this.incoming;
    return new Map<TypedAttribute<unknown>, () => unknown>([
      [DatagramAttribute.queuedDatagrams, () => queue.queued],
      [DatagramAttribute.droppedDatagrams, () => queue.dropped],
      [DatagramAttribute.maxQueuedDatagrams, () => queue.limit],
      ...terminationAttributes(this.#recorder),
    ]);
  }
}
