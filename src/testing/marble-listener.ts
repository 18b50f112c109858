/**
 * `marbleListener` and `marbleDatagramListener`: listeners for marble tests whose arrivals come
 * from an Observable (connections, or `[datagram, address]` pairs). They keep the listener
 * rules that concern a protocol: one subscriber at a time (L2); unsubscribing closes, abruptly,
 * what was emitted (L5); `aclose` completes `serve` (L6). `serve(handler)` is the real one (L3, L4).
 * What a datagram listener sends comes out of `sent$` as `[datagram, address]` pairs.
 */
import { Observable, ReplaySubject, Subject, takeUntil, tap } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { BusyResourceError, ClosedResourceError } from '../errors';
import { closeAtOnce, signalOf, type AbortOptions } from '../internal/abort';
import { attempt, checkBytes } from '../internal/validate';
import type { AsyncBaseTransport } from '../core/abc';
import { AbstractAsyncDatagramListener, AbstractAsyncListener } from '../serving/abstract-listeners';
import { acloseForcefully } from '../core/aclose-forcefully';
import { toBytes, type MarbleTransportOptions } from './marble-stream-transport';
import { createTestBackend } from './test-backend';

/** One subscriber at a time; `aclose` completes it; `onAbandon` on unsubscribe before that. */
class MarbleSource<T> {
  readonly #closed = new Subject<void>();
  #busy = false;
  #closing = false;

  constructor(private readonly source$: Observable<T>) {}

  get closing(): boolean {
    return this.#closing;
  }

  observe(onNext: (item: T) => void, onAbandon: () => void): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.#closing) return subscriber.error(new ClosedResourceError('the listener was closed'));
      if (this.#busy) return subscriber.error(new BusyResourceError('serve() already has a subscriber'));
      this.#busy = true;
      let ended = false;
      const subscription = this.source$.pipe(tap(onNext), takeUntil(this.#closed)).subscribe({
        next: (item) => subscriber.next(item),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          ended = true;
          subscriber.complete();
        },
      });
      return () => {
        this.#busy = false;
        subscription.unsubscribe();
        if (!ended) onAbandon();
      };
    });
  }

  close(): void {
    this.#closing = true;
    this.#closed.next();
  }
}

/** A connection listener whose connections come from `connections$`. */
export function marbleListener<T extends AsyncBaseTransport>(
  connections$: Observable<T>,
  options: MarbleTransportOptions = {},
): AbstractAsyncListener<T> {
  return new MarbleListener(connections$, options.backend ?? createTestBackend());
}

class MarbleListener<T extends AsyncBaseTransport> extends AbstractAsyncListener<T> {
  readonly #source: MarbleSource<T>;
  readonly #emitted = new Set<T>();

  constructor(
    connections$: Observable<T>,
    private readonly testBackend: AsyncBackend,
  ) {
    super();
    this.#source = new MarbleSource(connections$);
  }

  backend(): AsyncBackend {
    return this.testBackend;
  }

  isClosing(): boolean {
    return this.#source.closing;
  }

  aclose(options?: AbortOptions): Promise<void> {
    return closeAtOnce(options, () => {
      this.#source.close();
    });
  }

  protected connections(): Observable<T> {
    return this.#source.observe(
      (transport) => this.#emitted.add(transport),
      () => {
        this.#source.close();
        for (const transport of this.#emitted) void acloseForcefully(transport);
      },
    );
  }
}

/** A datagram listener whose arrivals come from `pairs$`; what it sends comes out of `sent$`. */
export interface MarbleDatagramListener<A> extends AbstractAsyncDatagramListener<A> {
  /** Every `[datagram, address]` sent with `sendTo`, in order; replays to late subscribers. */
  readonly sent$: Observable<[Buffer, A]>;
}

/** A datagram listener fed by `pairs$` (strings are UTF-8), observed through `sent$`. */
export function marbleDatagramListener<A>(
  pairs$: Observable<readonly [string | ArrayBufferView, A]>,
  options: MarbleTransportOptions = {},
): MarbleDatagramListener<A> {
  return new MarbleDatagramListenerImpl(pairs$, options.backend ?? createTestBackend());
}

class MarbleDatagramListenerImpl<A> extends AbstractAsyncDatagramListener<A> implements MarbleDatagramListener<A> {
  readonly #sent = new ReplaySubject<[Buffer, A]>();
  /** Every `[datagram, address]` sent with `sendTo`, in order; replays to late subscribers. */
  readonly sent$ = this.#sent.asObservable();
  readonly #source: MarbleSource<[Buffer, A]>;

  constructor(
    pairs$: Observable<readonly [string | ArrayBufferView, A]>,
    private readonly testBackend: AsyncBackend,
  ) {
    super();
    this.#source = new MarbleSource(
      new Observable<[Buffer, A]>((subscriber) =>
        pairs$.subscribe({
          next: ([data, address]) => subscriber.next([Buffer.from(toBytes(data)), address]),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      ),
    );
  }

  backend(): AsyncBackend {
    return this.testBackend;
  }

  isClosing(): boolean {
    return this.#source.closing;
  }

  sendTo(data: ArrayBufferView, address: A, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      checkBytes(data, 'sendTo: data');
      const signal = signalOf(options, 'sendTo');
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (this.#source.closing) throw new ClosedResourceError('the listener was closed');
      this.#sent.next([Buffer.from(toBytes(data)), address]);
      return Promise.resolve();
    });
  }

  aclose(options?: AbortOptions): Promise<void> {
    return closeAtOnce(options, () => {
      this.#source.close();
      this.#sent.complete();
    });
  }

  protected datagrams(): Observable<[Buffer, A]> {
    return this.#source.observe(() => undefined, () => void this.aclose());
  }
}
