/**
 * `serve(handler)` for connection listeners (L3): handlers run concurrently (up to
 * `concurrency`, later connections waiting in arrival order); a transport is closed gracefully
 * when its handler completes and abruptly when it errors, and the error goes to `onError`
 * while the listener keeps serving. P4: when `options.signal` aborts, serving drains: no more
 * connections, waiting ones closed, running handlers given until `drainTimeout`, the rest cut.
 *
 * This is `mergeMap(handle, concurrency)` written out by hand. A server holds one handler per
 * idle connection, and an operator chain per connection (defer, from, ignoreElements,
 * concatWith, catchError: five Observables, four subscribers and their closures) cost about
 * 5 KiB each, four times what Node's own socket costs; `whenHandled` waits for a result instead.
 */
import { asyncScheduler, Observable, timer, type SchedulerLike, type Subscription } from 'rxjs';
import { signalOf } from '../internal/abort';
import { checkFunction, checkOptions, checkPositive, checkSize } from '../internal/validate';
import type { AsyncBaseTransport, ConnectionHandler, DrainOutcome, ServeOptions } from '../core/abc';
import { defaultReporter, reportSafely } from './report';
import { acloseForcefully } from '../core/aclose-forcefully';
import { whenHandled } from './when-handled';

/** What a listener gives its `serve(handler)`: how to hand a transport out, stop accepting, and time a drain. */
export interface ServingListener<T> {
  /** Runs just before `handler(t)`: a transport waiting for a slot is not handed out yet (P1). */
  handingOut(transport: T): void;
  /** Stops accepting at once; the connections Observable then completes (L6). */
  stopAccepting(): void;
  /** Times the drain deadline. */
  readonly scheduler: SchedulerLike;
  /** Told of each handler failure, before `onError` (O2). */
  handlerFailed?(error: unknown, transport: T): void;
}

const DEFAULT_DRAIN_TIMEOUT = 10_000;

const DETACHED: ServingListener<unknown> = { handingOut: () => undefined, stopAccepting: () => undefined, scheduler: asyncScheduler };

/** Runs `handler` over every transport of `connections$`; see L3 and P4. Validates its arguments at once. */
export function handleConnections<T extends AsyncBaseTransport>(
  connections$: Observable<T>,
  handler: ConnectionHandler<T>,
  options: ServeOptions<T> = {},
  listener: ServingListener<T> = DETACHED,
): Observable<never> {
  checkFunction(handler, 'serve: handler');
  checkOptions(options, 'serve: options');
  const {
    concurrency = Infinity,
    onError = defaultReporter('connection handler failed'),
    drainTimeout = DEFAULT_DRAIN_TIMEOUT,
    onDrained = () => undefined,
  } = options;
  if (concurrency !== Infinity) checkPositive(concurrency, 'serve: options.concurrency');
  checkFunction(onError, 'serve: options.onError');
  const stopSignal = signalOf(options, 'serve');
  if (drainTimeout !== Infinity) checkSize(drainTimeout, 'serve: options.drainTimeout');
  checkFunction(onDrained, 'serve: options.onDrained');

  return new Observable<never>((subscriber) => {
    // Unsubscribing closes the transports (L5) while their handlers still run; the errors that
    // close causes in them are the teardown itself, not failures to report. A drain's cut too.
    let tornDown = false;
    let running = 0;
    let sourceDone = false;
    const waiting: T[] = [];
    const innerSubscriptions = new Set<Subscription>();
    // Tracked only for a server that may drain: each transport handed out and not yet closed,
    // true while its handler runs, false while its graceful close (S7) lingers.
    const active: Map<T, boolean> | undefined = stopSignal === undefined ? undefined : new Map();
    let drain: { finished: number; unstarted: number; deadline: Subscription | undefined } | undefined;

    const finish = (cut: number): void => {
      if (subscriber.closed) return; // stopping the listener may complete the source first
      if (drain !== undefined) {
        drain.deadline?.unsubscribe();
        const outcome: DrainOutcome = { finished: drain.finished, cut, unstarted: drain.unstarted };
        reportSafely(() => onDrained(outcome), 'serve: onDrained');
      }
      subscriber.complete();
    };
    const ended = (transport: T): void => {
      running--;
      active?.delete(transport);
      if (tornDown) return;
      const next = waiting.shift();
      if (next !== undefined) start(next);
      // Draining, the last handler's end is the end, whatever the source still holds.
      else if (running === 0 && (sourceDone || drain !== undefined)) finish(0);
    };
    /** The handler returned or failed: a drain counts it as finished, however long its close takes. */
    const handlerEnded = (transport: T): void => {
      if (active?.get(transport) !== true) return;
      active.set(transport, false);
      if (drain !== undefined) drain.finished++;
    };
    const failed = (error: unknown, transport: T): void => {
      handlerEnded(transport);
      // Told before the close, while the transport can still say who its peer was.
      if (!tornDown) {
        listener.handlerFailed?.(error, transport);
        reportSafely(() => onError(error, transport), 'serve: onError');
      }
      void acloseForcefully(transport);
      ended(transport);
    };
    const completed = (transport: T): void => {
      handlerEnded(transport);
      transport.aclose().then(
        () => ended(transport),
        (error: unknown) => failed(error, transport),
      );
    };
    const start = (transport: T): void => {
      running++;
      active?.set(transport, true);
      let result: ReturnType<ConnectionHandler<T>>;
      try {
        listener.handingOut(transport);
        result = handler(transport);
      } catch (error) {
        return failed(error, transport);
      }
      // Undefined until whenHandled returns: a result that settles at once is never tracked.
      // `let` on purpose: the callbacks read it, and may run before whenHandled returns (a const
      // would be in its temporal dead zone then).
      let inner: Subscription | undefined;
      // eslint-disable-next-line prefer-const
      inner = whenHandled(
        result,
        () => {
          if (inner !== undefined) innerSubscriptions.delete(inner);
          completed(transport);
        },
        (error) => {
          if (inner !== undefined) innerSubscriptions.delete(inner);
          failed(error, transport);
        },
      );
      if (inner !== undefined) innerSubscriptions.add(inner);
    };
    const tearDown = (): void => {
      tornDown = true;
      waiting.length = 0;
      source.unsubscribe();
      for (const inner of innerSubscriptions) inner.unsubscribe();
    };
    const startDrain = (): void => {
      if (drain !== undefined || tornDown) return;
      drain = { finished: 0, unstarted: waiting.length, deadline: undefined };
      for (const transport of waiting.splice(0)) void acloseForcefully(transport);
      listener.stopAccepting();
      if (running === 0) return finish(0);
      if (drainTimeout === Infinity) return;
      drain.deadline = timer(drainTimeout, listener.scheduler).subscribe(() => {
        const left = [...(active ?? [])];
        tearDown();
        for (const [transport] of left) void acloseForcefully(transport);
        finish(left.filter(([, handlerRunning]) => handlerRunning).length);
      });
    };

    // A plain observer, not `subscriber` itself: passing the Subscriber would chain the source's
    // teardown onto it, ahead of this one, and the flag would be set too late.
    const source: Subscription = connections$.subscribe({
      next: (transport) => {
        if (drain !== undefined) return void acloseForcefully(transport);
        if (running < concurrency) start(transport);
        else waiting.push(transport);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        sourceDone = true;
        if (running === 0) finish(0);
      },
    });
    if (stopSignal !== undefined) {
      if (stopSignal.aborted) startDrain();
      else {
        stopSignal.addEventListener('abort', startDrain, { once: true });
        subscriber.add(() => stopSignal.removeEventListener('abort', startDrain));
      }
    }
    return () => {
      if (!tornDown) tearDown();
      drain?.deadline?.unsubscribe();
    };
  });
}
