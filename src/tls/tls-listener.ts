/**
 * `AsyncTLSListener` (T6): serves only handshaken TLS transports over any connection listener.
 *
 * Handshakes run concurrently (`mergeMap`), so a slow or silent client never delays others; a
 * failed or timed-out one goes to `handshakeErrorHandler` (default: silent for a peer's
 * reset or timeout, else one warning line, at most one a minute), its
 * connection is force-closed, and serving goes on. Hot like the listener it wraps (L1).
 * Unsubscribing from `serve` closes the inner listener and every TLS transport it emitted that
 * is still open, abruptly (L5); `aclose` completes `serve` once pending handshakes end (L6).
 */
import { catchError, EMPTY, mergeMap, Observable } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import type { AbortOptions } from '../internal/abort';
import { checkFunction, checkOptions } from '../internal/validate';
import { ListenerAttribute, type TypedAttributeMap } from '../typed-attributes';
import type { AsyncListener, AsyncStreamTransport } from '../core/abc';
import { AbstractAsyncListener } from '../serving/abstract-listeners';
import { defaultReporter, reportSafely } from '../serving/report';
import { acloseForcefully } from '../core/aclose-forcefully';
import { AsyncTLSStreamTransport, wrapSettings, type TLSWrapOptions } from './tls';
import type { TLSContext } from './tls-context';

/** Options of `AsyncTLSListener` and `listenTls` (T6). Times in milliseconds. */
export interface TLSListenerOptions {
  /** Bound of each handshake, in ms; a slower client goes to `handshakeErrorHandler` (T3, T6). Default 60 000. */
  readonly handshakeTimeout?: number;
  /** How long each transport's `aclose` waits for the peer's close_notify, in ms (T4). Default 30 000. */
  readonly shutdownTimeout?: number;
  /** The closing mode of every transport served (T4). Default true. */
  readonly standardCompatible?: boolean;
  /** Idle timeout of each handshaken transport, from when it is handed out (P3). Default: none. */
  readonly idleTimeout?: number;
  /**
   * Receives each failed or timed-out handshake's error. Default: nothing for a peer's reset or
   * a timeout, one warning line for anything else, at most one a minute.
   */
  readonly handshakeErrorHandler?: (error: unknown, transport: AsyncStreamTransport) => void;
}

export class AsyncTLSListener extends AbstractAsyncListener<AsyncTLSStreamTransport> {
  readonly #listener: AsyncListener<AsyncStreamTransport>;
  readonly #context: TLSContext;
  readonly #wrapOptions: TLSWrapOptions;
  readonly #onHandshakeError: (error: unknown, transport: AsyncStreamTransport) => void;
  #handshakesFailed = 0;
  #attributes: TypedAttributeMap | undefined;

  /** Serves TLS over `listener`; validates `context` (creating its secure context) and options at once. */
  constructor(listener: AsyncListener<AsyncStreamTransport>, context: TLSContext, options: TLSListenerOptions = {}) {
    super();
    if (typeof listener?.serve !== 'function' || typeof listener.aclose !== 'function') {
      throw new TypeError('AsyncTLSListener: listener must be an AsyncListener');
    }
    checkOptions(options, 'AsyncTLSListener: options');
    const { handshakeTimeout, shutdownTimeout, standardCompatible, idleTimeout } = options;
    const onHandshakeError = options.handshakeErrorHandler ?? defaultReporter('TLS handshake failed');
    checkFunction(onHandshakeError, 'AsyncTLSListener: options.handshakeErrorHandler');
    this.#listener = listener;
    this.#context = context;
    this.#wrapOptions = { serverSide: true, handshakeTimeout, shutdownTimeout, standardCompatible, idleTimeout };
    // Fails now, not at the first connection, when the context or an option is bad.
    wrapSettings(context, this.#wrapOptions);
    this.#onHandshakeError = onHandshakeError;
  }

  backend(): AsyncBackend {
    return this.#listener.backend();
  }

  isClosing(): boolean {
    return this.#listener.isClosing();
  }

  aclose(options?: AbortOptions): Promise<void> {
    return this.#listener.aclose(options);
  }

  /** The inner listener's attributes (its counts include handshakes in flight), and this one's own counts. */
  override get extraAttributes(): TypedAttributeMap {
    return (this.#attributes ??= new Map([
      ...this.#listener.extraAttributes,
      [ListenerAttribute.handshakesFailed, () => this.#handshakesFailed],
      [ListenerAttribute.handlerErrors, () => this.handlerErrors],
    ]));
  }

  protected override startReading(transport: AsyncTLSStreamTransport): void {
    transport.startReading();
  }

  protected connections(): Observable<AsyncTLSStreamTransport> {
    return new Observable<AsyncTLSStreamTransport>((subscriber) => {
      const open = new Set<AsyncTLSStreamTransport>();
      let completed = false;
      // Handshakes cut short by our own teardown are not failures to report.
      let tornDown = false;
      const serving = { onClosed: (closed: AsyncTLSStreamTransport) => void open.delete(closed) };
      const handshaken$ = this.#listener.serve().pipe(
        mergeMap((transport) =>
          // Held (P1): a handshaken transport waiting to be handed out reads nothing more.
          AsyncTLSStreamTransport.handshake$(transport, this.#context, this.#wrapOptions, serving).pipe(
            catchError((error: unknown) => {
              this.#handshakesFailed++;
              // Told before the close, while the transport can still say who its peer was.
              if (!tornDown) reportSafely(() => this.#onHandshakeError(error, transport), 'AsyncTLSListener: handshakeErrorHandler');
              void acloseForcefully(transport);
              return EMPTY;
            }),
          ),
        ),
      );
      const subscription = handshaken$.subscribe({
        next: (transport) => {
          // Emitted from the handshake's 'secure' event, in the call that made the transport:
          // its socket cannot have closed yet, so `serving.onClosed` is still to come.
          open.add(transport);
          subscriber.next(transport);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          completed = true;
          subscriber.complete();
        },
      });
      return () => {
        tornDown = true;
        subscription.unsubscribe();
        if (completed) return;
        // L5: the inner subscription closed the listener and the raw connections; close the TLS layer too.
        for (const transport of open) void acloseForcefully(transport);
      };
    });
  }
}
