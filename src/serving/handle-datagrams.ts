/**
 * `serve(handler)` for datagram listeners (L4): handlers run one after another (`concatMap`),
 * either globally, as the seed requires, or per source address, so that one slow peer never
 * delays another while each peer still sees its datagrams handled in order.
 */
import { catchError, concatMap, defer, EMPTY, filter, finalize, from, groupBy, ignoreElements, map, mergeMap, Observable, Subject, type Subscription } from 'rxjs';
import { checkFunction, checkOptions } from '../internal/validate';
import { takeFirst } from '../internal/take-first';
import type { DatagramHandler, DatagramServeOptions } from '../core/abc';
import { defaultReporter, reportSafely } from './report';
import { whenHandled } from './when-handled';

/** How many datagrams may wait for a handler, who counts those dropped beyond (D2), and the handlers that fail (O2). */
export interface HandlerQueueBound {
  readonly limit: number;
  onDrop(): void;
  /** Told of each handler failure, before `onError`. */
  handlerFailed?(error: unknown, address: unknown): void;
}

const UNBOUNDED: HandlerQueueBound = { limit: Infinity, onDrop: () => undefined };

/**
 * Runs `handler` over every pair of `datagrams$` in the order L4 gives. Datagrams waiting for
 * their turn (not the one being handled) count against `bound`: beyond it a new one is dropped
 * and `bound.onDrop` told, as the kernel drops what overflows a socket's buffer (D2).
 */
export function handleDatagrams<A>(
  datagrams$: Observable<[Buffer, A]>,
  handler: DatagramHandler<A>,
  options: DatagramServeOptions<A> = {},
  bound: HandlerQueueBound = UNBOUNDED,
): Observable<never> {
  checkFunction(handler, 'serve: handler');
  checkOptions(options, 'serve: options');
  const {
    ordering = 'global',
    onError = defaultReporter('datagram handler failed'),
    peerKey = (address: A) => JSON.stringify(address),
  } = options;
  if (ordering !== 'global' && ordering !== 'per-peer') {
    throw new RangeError(`serve: options.ordering must be 'global' or 'per-peer', got ${String(ordering)}`);
  }
  checkFunction(onError, 'serve: options.onError');
  checkFunction(peerKey, 'serve: options.peerKey');

  const handle = ([datagram, address]: [Buffer, A]): Observable<never> =>
    defer(() => from(handler(datagram, address) ?? EMPTY)).pipe(
      ignoreElements(),
      catchError((error: unknown) => {
        bound.handlerFailed?.(error, address);
        reportSafely(() => onError(error, datagram, address), 'serve: onError');
        return EMPTY;
      }),
    );

  if (ordering === 'global') return oneAtATime(datagrams$, handler, onError, bound);
  return defer(() => perPeer(datagrams$, handle, peerKey, bound));
}

/**
 * Global order: `concatMap(handle)` written out, because it runs once per datagram and an
 * operator chain per datagram (defer, from, ignoreElements, catchError) is most of the cost of
 * a small request. Waiting datagrams queue in arrival order.
 */
function oneAtATime<A>(
  datagrams$: Observable<[Buffer, A]>,
  handler: DatagramHandler<A>,
  onError: (error: unknown, datagram: Buffer, address: A) => void,
  bound: HandlerQueueBound,
): Observable<never> {
  return new Observable<never>((subscriber) => {
    const waiting: Array<[Buffer, A]> = [];
    let running: Subscription | undefined;
    let busy = false;
    let sourceDone = false;
    let tornDown = false;

    const start = ([datagram, address]: [Buffer, A]): void => {
      busy = true;
      // While whenHandled runs, a result that settles at once only frees the slot: the loop in
      // drain() goes on, so handlers that finish at once never grow the stack.
      let synchronous = true;
      const finish = (): void => {
        running = undefined;
        busy = false;
        if (!synchronous) drain();
      };
      const fail = (error: unknown): void => {
        // A handler failing after unsubscribe failed because of the teardown: nothing to report.
        if (!tornDown) {
          bound.handlerFailed?.(error, address);
          reportSafely(() => onError(error, datagram, address), 'serve: onError');
        }
        finish();
      };
      try {
        running = whenHandled(handler(datagram, address), finish, fail);
      } catch (error) {
        fail(error);
      }
      synchronous = false;
    };
    const drain = (): void => {
      if (tornDown) return;
      while (!busy && waiting.length > 0) start(takeFirst(waiting) as [Buffer, A]);
      if (!busy && sourceDone) subscriber.complete();
    };

    // A plain observer, not `subscriber` itself, so that teardown stays in this function's hands.
    const source = datagrams$.subscribe({
      next: (pair) => {
        if (waiting.length >= bound.limit) return bound.onDrop();
        waiting.push(pair);
        if (!busy) drain();
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        sourceDone = true;
        if (!busy) drain();
      },
    });
    return () => {
      tornDown = true;
      waiting.length = 0;
      source.unsubscribe();
      running?.unsubscribe();
    };
  });
}

/**
 * One `concatMap` queue per peer, released once that peer has nothing pending, so memory
 * follows the number of busy peers, not of peers ever seen.
 */
function perPeer<A>(
  datagrams$: Observable<[Buffer, A]>,
  handle: (pair: [Buffer, A]) => Observable<never>,
  peerKey: (address: A) => string,
  bound: HandlerQueueBound,
): Observable<never> {
  const pending = new Map<string, number>();
  const idle = new Map<string, Subject<void>>();
  // Datagrams of every peer that wait for their peer's previous handler to end.
  let waiting = 0;
  const keyed$ = datagrams$.pipe(
    filter(() => {
      if (waiting < bound.limit) return true;
      bound.onDrop();
      return false;
    }),
    map((pair) => {
      waiting++;
      const key = peerKey(pair[1]);
      pending.set(key, (pending.get(key) ?? 0) + 1);
      return { key, pair };
    }),
  );
  return keyed$.pipe(
    groupBy((item) => item.key, {
      duration: (group) => {
        const released = new Subject<void>();
        idle.set(group.key, released);
        return released;
      },
    }),
    mergeMap((group) =>
      group.pipe(
        concatMap(({ pair }) => {
          waiting--;
          return handle(pair).pipe(
            finalize(() => {
              const left = (pending.get(group.key) ?? 1) - 1;
              if (left > 0) return pending.set(group.key, left);
              pending.delete(group.key);
              const released = idle.get(group.key);
              idle.delete(group.key);
              released?.next();
            }),
          );
        }),
      ),
    ),
  );
}
