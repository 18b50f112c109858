/**
 * `TLSEnding`: tells a peer's close_notify from a truncated stream (T4), for the JS TLS path.
 *
 * Node's TLS reports both alike (`'end'`, then `'close'` without error); what differs is the
 * order: after a close_notify the TLS layer has ended before the inner transport's EOF arrives,
 * after a truncation it has not.
 */
import { Observable } from 'rxjs';
import type * as tls from 'node:tls';

/** How one TLS stream ended: set by the inner transport's EOF and the TLS layer's. */
export class TLSEnding {
  tlsEnded = false;
  truncated = false;
  readonly #onTlsEnd: Array<() => void> = [];
  #innerFailure: Error | undefined;
  #onInnerFailure: ((error: Error) => void) | undefined;

  /** Node's TLS layer pushed its EOF: the peer's close_notify, or the EOF following a truncation. */
  markTlsEnded(): void {
    this.tlsEnded = true;
    for (const listener of this.#onTlsEnd.splice(0)) listener();
  }

  /** The inner transport reached EOF: a truncation unless TLS ended first. */
  markInnerEof(): void {
    if (!this.tlsEnded) this.truncated = true;
  }

  /**
   * A read of the inner transport failed (a reset): no end of stream, whatever Node's TLS then
   * reports. Keeps the Node error behind the inner transport's own, for C4's cause.
   */
  markInnerFailure(error: Error): void {
    this.#innerFailure ??= error.cause instanceof Error ? error.cause : error;
    this.#onInnerFailure?.(this.#innerFailure);
  }

  /** Runs `listener` with the inner read failure: now if there was one, else when it comes. */
  onInnerFailure(listener: (error: Error) => void): void {
    if (this.#innerFailure !== undefined) listener(this.#innerFailure);
    else this.#onInnerFailure = listener;
  }

  /** Emits once the TLS layer has ended. */
  readonly tlsEnd$ = new Observable<void>((subscriber) => {
    const done = (): void => {
      subscriber.next();
      subscriber.complete();
    };
    if (this.tlsEnded) return done();
    this.#onTlsEnd.push(done);
  });

  /**
   * Watches `socket` for the EOF its TLS layer pushes, wrapping (not replacing) its `push`.
   *
   * Relies on a Node internal, because no public API tells it: a `TLSSocket` ends its readable
   * side by calling its own `push(null)` (in `onStreamRead`, on the TLS handle's EOF), at once,
   * whether a close_notify or the inner stream's EOF caused it; `'end'` comes only once the
   * reader has drained the socket, too late to order against the inner EOF, and no public
   * property shows `push(null)` before `'end'`. `__tests__/tls/tls-ending.test.ts` fails by
   * name if a Node release stops doing this.
   */
  watchPushedEof(socket: tls.TLSSocket): void {
    const push = socket.push.bind(socket);
    socket.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
      if (chunk === null) this.markTlsEnded();
      return push(chunk, encoding);
    };
  }
}
