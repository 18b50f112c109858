/**
 * One pending read at a time (C5), as a cold Observable and as its promise.
 *
 * A readable state (stream bytes, queued datagrams) answers a read through `poll`: a value, an
 * error, or `PENDING`. `read$` is the primitive: it polls on subscribe and again on every
 * `wake()` until it has an answer, emits it and completes; unsubscribing takes nothing (C6).
 * `read` is that Observable's promise, with a fast path that returns a settled promise when the
 * answer is already known, skipping the subscription, which changes nothing observable.
 */
import { Observable } from 'rxjs';
import { BusyResourceError } from '../errors';
import { firstValueAbortable } from '../internal/abort';

/** `poll`'s answer when the read must wait. */
export const PENDING: unique symbol = Symbol('pending');

/** What a poll answers: the value, the error to reject with, or `PENDING`. */
export type Outcome<T> = T | Error | typeof PENDING;

export class SingleReader {
  /** Re-polls the pending `read$`; set while one waits. */
  #waiter: (() => void) | undefined;
  /**
   * The pending promise read, kept in fields rather than a closure: a server holds one waiting
   * read per idle connection, and this is the smaller way to hold it.
   */
  #poll: (() => Outcome<unknown>) | undefined;
  #resolve: ((value: unknown) => void) | undefined;
  #reject: ((error: Error) => void) | undefined;
  #signal: AbortSignal | undefined;

  /** The state changed: the pending read, if any, polls again. */
  wake(): void {
    if (this.#poll !== undefined) this.#settle();
    else this.#waiter?.();
  }

  /** The primitive read: emits `poll`'s first answer and completes, or errors with it. */
  read$<T>(poll: () => Outcome<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.#waiter !== undefined || this.#poll !== undefined) {
        subscriber.error(new BusyResourceError('another recv is already pending on this transport'));
        return;
      }
      const attempt = (): void => {
        const outcome = poll();
        if (outcome === PENDING) return;
        this.#waiter = undefined;
        if (outcome instanceof Error) {
          subscriber.error(outcome);
        } else {
          subscriber.next(outcome);
          subscriber.complete();
        }
      };
      attempt();
      if (subscriber.closed) return;
      this.#waiter = attempt;
      return () => {
        if (this.#waiter === attempt) this.#waiter = undefined;
      };
    });
  }

  /**
   * `read$` as a promise; aborting `signal` rejects it with the signal's reason and takes
   * nothing (C6). A waiting read is held in fields instead of a subscription: the same poll,
   * the same single-reader rule, fewer allocations per `recv`.
   */
  read<T>(poll: () => Outcome<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#waiter !== undefined || this.#poll !== undefined) return firstValueAbortable(this.read$(poll), signal); // rejects Busy
    const outcome = poll();
    if (outcome !== PENDING) return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    return new Promise<T>((resolve, reject) => {
      this.#poll = poll;
      this.#resolve = resolve as (value: unknown) => void;
      this.#reject = reject;
      if (signal !== undefined) {
        this.#signal = signal;
        signal.addEventListener('abort', this.#onAbort, { once: true });
      }
    });
  }

  #settle(): void {
    const outcome = (this.#poll as () => Outcome<unknown>)();
    if (outcome === PENDING) return;
    const { resolve, reject } = this.#release();
    if (outcome instanceof Error) reject(outcome);
    else resolve(outcome);
  }

  /** The abort of the pending promise read: made on the first read with a signal, then reused. */
  #onAbortListener: (() => void) | undefined;

  get #onAbort(): () => void {
    return (this.#onAbortListener ??= () => {
      const reason: unknown = (this.#signal as AbortSignal).reason;
      this.#release().reject(reason as Error);
    });
  }

  /** Forgets the pending promise read and hands back how to settle it. */
  #release(): { resolve: (value: unknown) => void; reject: (error: Error) => void } {
    const settle = { resolve: this.#resolve as (value: unknown) => void, reject: this.#reject as (error: Error) => void };
    if (this.#signal !== undefined) this.#signal.removeEventListener('abort', this.#onAbort);
    this.#poll = this.#resolve = this.#reject = this.#signal = undefined;
    return settle;
  }
}
