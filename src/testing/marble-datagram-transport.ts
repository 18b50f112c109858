/**
 * `marbleDatagramTransport`: a datagram transport for marble tests. Each value of `incoming$`
 * is one received datagram (error = `BrokenResourceError`); each datagram sent comes out of
 * `sent$` (complete on `aclose`). Synchronous throughout, like `marbleStreamTransport`.
 */
import { ReplaySubject, type Observable, type Subscription } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { BrokenResourceError, ClosedResourceError } from '../errors';
import { closeAtOnce, signalOf, type AbortOptions } from '../internal/abort';
import { attempt, checkBytes } from '../internal/validate';
import { DatagramAttribute, type TypedAttribute, type TypedAttributeMap } from '../typed-attributes';
import { terminationAttributes, TerminationRecorder } from '../core/termination';
import type { AsyncDatagramTransport } from '../core/abc';
import { QueuedDatagramTransport } from '../reading/buffered';
import { DatagramQueue } from '../reading/datagram-queue';
import { toBytes, type MarbleTransportOptions } from './marble-stream-transport';
import { createTestBackend } from './test-backend';

/** A datagram transport whose sent datagrams can be observed. */
export interface MarbleDatagramTransport extends AsyncDatagramTransport {
  /** Each datagram sent; completes on `aclose`. Replays to late subscribers. */
  readonly sent$: Observable<Buffer>;
}

/** A datagram transport fed by `incoming$` (strings are UTF-8), observed through `sent$`. */
export function marbleDatagramTransport(
  incoming$: Observable<string | ArrayBufferView>,
  options: MarbleTransportOptions = {},
): MarbleDatagramTransport {
  return new MarbleDatagrams(incoming$, options.backend ?? createTestBackend());
}

class MarbleDatagrams extends QueuedDatagramTransport implements MarbleDatagramTransport {
  readonly #sent = new ReplaySubject<Buffer>();
  readonly sent$ = this.#sent.asObservable();
  readonly #subscription: Subscription;
  readonly #backend: AsyncBackend;
  readonly #recorder: TerminationRecorder;
  #closing = false;

  constructor(incoming$: Observable<string | ArrayBufferView>, backend: AsyncBackend) {
    super(new DatagramQueue(Number.MAX_SAFE_INTEGER));
    this.#backend = backend;
    this.#recorder = new TerminationRecorder(backend.scheduler, this);
    this.#subscription = incoming$.subscribe({
      next: (value) => this.incoming.push(Buffer.from(toBytes(value))),
      error: (cause: unknown) => {
        this.#recorder.cause('peer-reset', cause);
        this.incoming.fail(new BrokenResourceError('the marble stream errored', { cause }));
      },
    });
  }

  backend(): AsyncBackend {
    return this.#backend;
  }

  isClosing(): boolean {
    return this.#closing;
  }

  send(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      checkBytes(data, 'send: data');
      const signal = signalOf(options, 'send');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#closing) throw new ClosedResourceError('the transport was closed');
      this.#sent.next(Buffer.from(toBytes(data)));
      return Promise.resolve();
    });
  }

  aclose(options?: AbortOptions): Promise<void> {
    return closeAtOnce(options, (aborted) => {
      if (!this.#closing) {
        this.#closing = true;
        this.incoming.close();
        this.#subscription.unsubscribe();
        this.#sent.complete();
        this.#recorder.closed(aborted ? 'local-abort' : 'local-close');
      }
    });
  }

  override get extraAttributes(): TypedAttributeMap {
    return new Map<TypedAttribute<unknown>, () => unknown>([
      [DatagramAttribute.queuedDatagrams, () => this.incoming.queued],
      ...terminationAttributes(this.#recorder),
    ]);
  }
}
