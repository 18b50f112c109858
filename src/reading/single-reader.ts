/**
 * `src/reading/`: the read side every transport shares: one pending read at a time, bytes in
 * a bounded receive buffer (S6), datagrams in a bounded queue (D2), and the bases that connect
 * them to a transport. It touches no socket: an adapter pushes into it. May import `core/`,
 * `internal/`, `errors`.
 *
 * One pending read at a time (C5), as a cold Observable and as its promise: the base of every
 * readable state (stream bytes, queued datagrams).
 *
 * A subclass answers a read through a poll method: a value, an error, or `PENDING`. `readWith$`
 * is the primitive: it polls on subscribe and again on every `wake()` until it has an answer,
 * emits it and completes; unsubscribing takes nothing (C6). `readWith` is that Observable's
 * promise, with a fast path that returns a settled promise when the answer is already known.
 *
 * A waiting promise read is held in fields (the poll method, its argument, how to settle),
 * not in a closure or a subscription: a server holds one waiting read per idle connection,
 * and every `recv` that waits would otherwise allocate them. Of the promise's two resolving
 * functions only `resolve` is kept: a failure resolves the promise with a rejected one, which
 * settles it two microtasks later, so that an idle connection does not hold a 56-byte `reject`
 * closure for the rare read that fails.
 */
import { Observable } from 'rxjs';
import { BusyResourceError } from '../errors';
import { firstValueAbortable } from '../internal/abort';

/** `poll`'s answer when the read must wait. */
export const PENDING: unique symbol = Symbol('pending');

/** What a poll answers: the value, the error to reject with, or `PENDING`. */
export type Outcome<T> = T | Error | typeof PENDING;

/** A poll method of the subclass, called with the read's argument (a size, a target buffer). */
type Poll<A, T> = (arg: A) => Outcome<T>;

// Its methods are TypeScript-private, not `#`: a class with `#` methods gives each instance a
// brand slot (8 bytes), and a server holds one of these per idle connection.
export abstract class SingleReader {
  /** Re-polls the pending `readWith$`; set while one waits. */
  #waiter: (() => void) | undefined;
  #poll: Poll<unknown, unknown> | undefined;
  #arg: unknown;
  #resolve: ((value: unknown) => void) | undefined;
  #signal: AbortSignal | undefined;

  /** The state changed: the pending read, if any, polls again. */
  protected wake(): void {
    if (this.#poll !== undefined) this.settlePending();
    else this.#waiter?.();
  }

  /** The primitive read: emits `poll(arg)`'s first answer and completes, or errors with it. */
  protected readWith$<A, T>(poll: Poll<A, T>, arg: A): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.isBusy()) {
        subscriber.error(new BusyResourceError('another recv is already pending on this transport'));
        return;
      }
      const attempt = (): void => {
        const outcome = poll.call(this, arg);
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
   * `readWith$` repeated under one subscription: emits each answer of `poll(arg)` until one is
   * `isEnd` (then completes) or an error (then errors). It holds the one read (C5) until then,
   * and polls only while subscribed, so unsubscribing takes nothing more (C6).
   */
  protected readEach$<A, T>(poll: Poll<A, T>, arg: A, isEnd: (value: T) => boolean): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.isBusy()) {
        subscriber.error(new BusyResourceError('another recv is already pending on this transport'));
        return;
      }
      // A subscriber's `next` may make more data arrive at once (a memory pair's echo): that
      // wake finds the loop running and returns, and the loop takes the data in order.
      let draining = false;
      const drain = (): void => {
        if (draining) return;
        draining = true;
        try {
          while (!subscriber.closed) {
            const outcome = poll.call(this, arg);
            if (outcome === PENDING) return;
            if (outcome instanceof Error) {
              this.#waiter = undefined;
              subscriber.error(outcome);
            } else if (isEnd(outcome)) {
              this.#waiter = undefined;
              subscriber.complete();
            } else {
              subscriber.next(outcome);
            }
          }
        } finally {
          draining = false;
        }
      };
      this.#waiter = drain;
      drain();
      return () => {
        if (this.#waiter === drain) this.#waiter = undefined;
      };
    });
  }

  /** `readWith$` as a promise; aborting `signal` rejects it with the signal's reason and takes nothing (C6). */
  protected readWith<A, T>(poll: Poll<A, T>, arg: A, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.isBusy()) return firstValueAbortable(this.readWith$(poll, arg), signal); // rejects Busy
    const outcome = poll.call(this, arg);
    if (outcome !== PENDING) return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    return new Promise<T>((resolve) => {
      this.#poll = poll as Poll<unknown, unknown>;
      this.#arg = arg;
      this.#resolve = resolve as (value: unknown) => void;
      if (signal !== undefined) {
        this.#signal = signal;
        // The reader itself is the listener (`handleEvent`): no closure per reader or per read.
        signal.addEventListener('abort', this, { once: true });
      }
    });
  }

  /** Whether a read is pending (C5: a second one would be refused). */
  protected get reading(): boolean {
    return this.isBusy();
  }

  private isBusy(): boolean {
    return this.#waiter !== undefined || this.#poll !== undefined;
  }

  private settlePending(): void {
    const outcome = (this.#poll as Poll<unknown, unknown>).call(this, this.#arg);
    if (outcome === PENDING) return;
    const resolve = this.releasePending();
    resolve(outcome instanceof Error ? Promise.reject(outcome) : outcome);
  }

  /** @internal The pending promise read's signal aborted: it rejects with the reason, taking nothing (C6). */
  handleEvent(): void {
    const reason: unknown = (this.#signal as AbortSignal).reason;
    this.releasePending()(Promise.reject(reason));
  }

  /** Forgets the pending promise read and hands back its `resolve`. */
  private releasePending(): (value: unknown) => void {
    const resolve = this.#resolve as (value: unknown) => void;
    if (this.#signal !== undefined) this.#signal.removeEventListener('abort', this);
    this.#poll = this.#arg = this.#resolve = this.#signal = undefined;
    return resolve;
  }
}
