/**
 * AbortSignal plumbing. Every operation that can wait takes `{ signal }`; an already-aborted
 * signal rejects at once with `signal.reason` and has no other effect.
 */
import { Observable, Subscription } from 'rxjs';

/** Options accepted by every operation that can wait. */
export interface AbortOptions {
  /** Aborting rejects the operation with `signal.reason` (see each operation for side effects). */
  readonly signal?: AbortSignal;
}

/** Returns the signal from an options bag, throwing `TypeError` when it is not an `AbortSignal`. */
export function signalOf(options: AbortOptions | undefined, where: string): AbortSignal | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: options must be an object`);
  }
  const { signal } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`${where}: options.signal must be an AbortSignal`);
  }
  return signal;
}

/**
 * Settles like `promise`, unless `signal` aborts first: then `onAbort` runs (to undo or
 * abandon the work) and the result rejects with `signal.reason`.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => void): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    onAbort();
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      onAbort();
      reject(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/**
 * The first value of `source$` as a promise; aborting `signal` unsubscribes (which undoes the
 * pending work through the Observable's teardown) and rejects with `signal.reason`.
 */
export function firstValueAbortable<T>(source$: Observable<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    // A parent subscription, so that a synchronous first value can still unsubscribe the source.
    const subscription = new Subscription();
    const abort = (): void => {
      subscription.unsubscribe();
      reject(signal?.reason);
    };
    const settle = (): void => {
      signal?.removeEventListener('abort', abort);
      subscription.unsubscribe();
    };
    subscription.add(
      source$.subscribe({
        next(value) {
          settle();
          resolve(value);
        },
        error(error: unknown) {
          settle();
          reject(error);
        },
        complete() {
          settle();
          reject(new Error('the source completed without a value'));
        },
      }),
    );
    if (!subscription.closed) signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * A cold Observable of one abortable operation: each subscription starts `run` with a fresh
 * signal, and unsubscribing before it settles aborts that signal, so the operation's own abort
 * guarantee (C6: an aborted recv takes nothing) carries over to unsubscription.
 */
export function fromAbortable<T>(run: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    run(controller.signal).then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );
    return () => controller.abort(new Error('unsubscribed'));
  });
}

/**
 * `aclose` of a resource that has no graceful exchange (memory and marble transports, listeners):
 * `close` runs at once, after the options are validated; an already-aborted signal still closes,
 * then rejects with its reason (C2). Rejects, never throws.
 */
export function closeAtOnce(options: AbortOptions | undefined, close: (aborted: boolean) => void): Promise<void> {
  try {
    const signal = signalOf(options, 'aclose');
    close(signal?.aborted === true);
    return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  } catch (error) {
    return Promise.reject(error);
  }
}
