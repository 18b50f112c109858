/**
 * `src/serving/`: the hot `serve()` machinery (L1-L7): the arrival queue, the handler
 * runners for connections and datagrams, and how failures are reported. It touches no socket.
 * May import `core/`, `internal/`, `errors`.
 *
 * The `Abstract*Listener` bases: `serve(handler, options)` (L3, L4) supplied on top of a
 * subclass's hot `serve()`. They live beside the machinery they call, not in `core/`, so the
 * contract never imports its implementation: `core/abc.ts` states what `serve` must do and
 * names its options; this folder does it.
 */
import { tap, type Observable } from 'rxjs';
import {
  AbstractAsyncTransport,
  type AsyncBaseTransport,
  type AsyncDatagramListener,
  type AsyncListener,
  type ConnectionHandler,
  type DatagramHandler,
  type DatagramServeOptions,
  type ServeOptions,
} from '../core/abc';
import { acloseForcefully } from '../core/aclose-forcefully';
import { DEFAULT_MAX_QUEUED_DATAGRAMS } from '../core/backend-options';
import { channels, type HandlerFailedMessage } from '../core/diagnostics';
import type { AbortOptions } from '../internal/abort';
import { checkFunction } from '../internal/validate';
import { handleConnections } from './handle-connections';
import { handleDatagrams, type HandlerQueueBound } from './handle-datagrams';

/** Supplies `serve(handler, options)` on top of the subclass's hot `serve()`. */
export abstract class AbstractAsyncListener<T extends AsyncBaseTransport> extends AbstractAsyncTransport implements AsyncListener<T> {
  #handlerErrors = 0;

  /** The hot Observable `serve()` returns (L1, L2, L5, L6). */
  protected abstract connections(): Observable<T>;

  /** Handlers of `serve(handler)` that failed, for `ListenerAttribute.handlerErrors` (O2). */
  protected get handlerErrors(): number {
    return this.#handlerErrors;
  }

  serve(): Observable<T>;
  serve(handler: ConnectionHandler<T>, options?: ServeOptions<T>): Observable<never>;
  serve(handler?: ConnectionHandler<T>, options?: ServeOptions<T>): Observable<T> | Observable<never> {
    if (handler === undefined) return this.connections().pipe(tap((transport) => this.startReading(transport)));
    return handleConnections(this.connections(), handler, options, {
      handingOut: (transport) => this.startReading(transport),
      stopAccepting: () => void acloseForcefully(this),
      scheduler: this.backend().scheduler,
      handlerFailed: (error, transport) => {
        this.#handlerErrors++;
        if (channels.handlerFailed.hasSubscribers) channels.handlerFailed.publish({ error, transport } satisfies HandlerFailedMessage);
      },
    });
  }

  /**
   * Called as `transport` is handed out: emitted by `serve()`, or given to its handler by
   * `serve(handler)`, which may be later (`concurrency`). A listener whose transports wait
   * without reading (P1) starts their reading here. Default: nothing.
   */
  protected startReading(_transport: T): void {}
}

/** Supplies `serve(handler, options)` on top of the subclass's hot `serve()`. */
export abstract class AbstractAsyncDatagramListener<A> extends AbstractAsyncTransport implements AsyncDatagramListener<A> {
  #handlerErrors = 0;

  /** The hot Observable `serve()` returns. */
  protected abstract datagrams(): Observable<[Buffer, A]>;

  /** Handlers of `serve(handler)` that failed, for `ListenerAttribute.handlerErrors` (O2). */
  protected get handlerErrors(): number {
    return this.#handlerErrors;
  }
  abstract sendTo(data: ArrayBufferView, address: A, options?: AbortOptions): Promise<void>;

  serve(): Observable<[Buffer, A]>;
  serve(handler: DatagramHandler<A>, options?: DatagramServeOptions<A>): Observable<never>;
  serve(handler?: DatagramHandler<A>, options?: DatagramServeOptions<A>): Observable<[Buffer, A]> | Observable<never> {
    if (handler === undefined) return this.datagrams();
    checkFunction(handler, 'serve: handler');
    const bound = this.handlerQueue();
    return handleDatagrams(this.datagrams(), handler, options, {
      ...bound,
      handlerFailed: (error, address) => {
        this.#handlerErrors++;
        if (channels.handlerFailed.hasSubscribers) channels.handlerFailed.publish({ error, address } satisfies HandlerFailedMessage);
      },
    });
  }

  /**
   * How many datagrams may wait for a handler of `serve(handler)`, and who counts the ones
   * dropped beyond (D2). Default: `DEFAULT_MAX_QUEUED_DATAGRAMS`, drops not counted.
   */
  protected handlerQueue(): Pick<HandlerQueueBound, 'limit' | 'onDrop'> {
    return { limit: DEFAULT_MAX_QUEUED_DATAGRAMS, onDrop: () => undefined };
  }
}
