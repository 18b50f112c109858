/** serve(handler) for connections (L3), run over memory transports fed by a Subject. */
import { asyncScheduler, Observable, Subject, of, throwError, NEVER } from 'rxjs';
import {
  BrokenResourceError,
  ClosedResourceError,
  createMemoryStreamPair,
  type AsyncStreamTransport,
  type ConnectionHandler,
  type MemoryStreamTransport,
  type ServeOptions,
} from '../../src';
import { handleConnections } from '../../src/serving/handle-connections';
import { readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';
import { waitFor } from '../support/wait';

checkResources();

function pair(): [AsyncStreamTransport, AsyncStreamTransport] {
  const [server, client] = createMemoryStreamPair();
  return [own(server), own(client)];
}

function run(handler: ConnectionHandler<AsyncStreamTransport>, options?: ServeOptions<AsyncStreamTransport>) {
  const connections = new Subject<AsyncStreamTransport>();
  const events: string[] = [];
  const subscription = handleConnections(connections, handler, options).subscribe({
    error: () => events.push('error'),
    complete: () => events.push('complete'),
  });
  return { connections, events, subscription };
}

describe('handleConnections (serve(handler))', () => {
  it('L3: closes the transport gracefully once the handler completes: the peer gets the data, then EOF', async () => {
    const { connections } = run(async (t) => {
      await t.sendAll(Buffer.from('hello'));
    });
    const [server, client] = pair();
    connections.next(server);
    expect((await readToEof(client)).toString()).toBe('hello');
    expect(server.isClosing()).toBe(true);
  });

  it('L3: accepts a handler returning an Observable, a Promise or nothing', async () => {
    const results: string[] = [];
    const handlers: Array<ConnectionHandler<AsyncStreamTransport>> = [
      () => of(1, 2, 3),
      async () => undefined,
      () => {
        results.push('sync');
      },
    ];
    for (const handler of handlers) {
      const { connections } = run(handler);
      const [server, client] = pair();
      connections.next(server);
      await readToEof(client);
      expect(server.isClosing()).toBe(true);
    }
    expect(results).toEqual(['sync']);
  });

  it('L3: a failing handler closes its transport abruptly, reports once to onError, and later connections are still handled', async () => {
    const errors: Array<[unknown, AsyncStreamTransport]> = [];
    const boom = new Error('boom');
    const { connections, events } = run(
      (t) => (t === first ? throwError(() => boom) : of(undefined)),
      { onError: (error, t) => errors.push([error, t]) },
    );
    const [first, firstClient] = pair();
    const [second, secondClient] = pair();
    connections.next(first);
    connections.next(second);
    await readToEof(firstClient);
    await readToEof(secondClient);
    expect(errors).toEqual([[boom, first]]);
    expect(events).toEqual([]);
  });

  it('L3: a handler that throws synchronously is handled like one that rejects', async () => {
    const errors: unknown[] = [];
    const { connections } = run(
      () => {
        throw new Error('sync throw');
      },
      { onError: (error) => errors.push(error) },
    );
    const [server, client] = pair();
    connections.next(server);
    await readToEof(client);
    expect(errors).toHaveLength(1);
  });

  it('L3: the default onError prints a handler bug as one warning line, and a storm of them as that one line', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { connections } = run(() => Promise.reject(new Error('logged once')));
      for (let i = 0; i < 50; i++) {
        const [server, client] = pair();
        connections.next(server);
        await readToEof(client);
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toContain('logged once');
    } finally {
      warn.mockRestore();
    }
  });

  it('L7: the default onError prints nothing for a peer failure (BrokenResourceError)', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const failures: unknown[] = [];
      const { connections } = run((t) => t.recv(10).catch((error: unknown) => {
        failures.push(error);
        throw error;
      }));
      const [server, client] = pair();
      connections.next(server);
      (client as MemoryStreamTransport).reset();
      await waitFor(() => server.isClosing(), 'serve to close the failed transport');
      expect(failures).toEqual([expect.any(BrokenResourceError)]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('L3: a handler returning a number (serve((t) => list.push(t))) fails with a TypeError to onError; nothing is thrown', async () => {
    const list: AsyncStreamTransport[] = [];
    const errors: unknown[] = [];
    const { connections, events } = run((t) => list.push(t) as never, { onError: (error) => errors.push(error) });
    const [server, client] = pair();
    connections.next(server); // before the fix: RxJS threw "You provided '1' where a stream was expected" from here
    await readToEof(client);
    expect(errors).toEqual([expect.any(TypeError)]);
    expect(server.isClosing()).toBe(true);
    expect(events).toEqual([]);
  });

  it.each([
    ['throws', () => {
      throw new Error('sync');
    }],
    ['rejects', () => Promise.reject(new Error('async'))],
    ['errors', () => throwError(() => new Error('observable'))],
  ])('L3: a handler that %s under a concurrency limit frees its slot: the next waiting one starts, and serve completes', async (_kind, failing) => {
    const started: number[] = [];
    const ids = new Map<AsyncStreamTransport, number>();
    const { connections, events } = run(
      (t) => {
        const id = ids.get(t) as number;
        started.push(id);
        return id % 2 === 0 ? (failing as () => never)() : undefined;
      },
      { concurrency: 1, onError: () => undefined },
    );
    for (let i = 0; i < 4; i++) {
      const [server] = pair();
      ids.set(server, i);
      connections.next(server);
    }
    connections.complete();
    await waitFor(() => events.length > 0, 'serve to complete');
    expect(started).toEqual([0, 1, 2, 3]);
    expect(events).toEqual(['complete']);
  });

  it('an onError that throws is contained: serving goes on and the throw is logged', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { connections, events } = run(() => Promise.reject(new Error('x')), {
        onError: () => {
          throw new Error('sink broke');
        },
      });
      const [server, client] = pair();
      connections.next(server);
      await readToEof(client);
      expect(events).toEqual([]);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('L3: concurrency limits running handlers; later connections start in arrival order', async () => {
    const started: number[] = [];
    const release: Array<() => void> = [];
    const ids = new Map<AsyncStreamTransport, number>();
    const { connections } = run(
      (t) =>
        new Observable<never>((subscriber) => {
          started.push(ids.get(t) as number);
          release.push(() => subscriber.complete());
        }),
      { concurrency: 2 },
    );
    for (let i = 0; i < 4; i++) {
      const [server] = pair();
      ids.set(server, i);
      connections.next(server);
    }
    expect(started).toEqual([0, 1]);
    release[0]();
    expect(started).toEqual([0, 1]); // the slot frees when the graceful close resolves
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
  });

  it('L5: unsubscribing tears down running handlers', async () => {
    let tornDown = false;
    const { connections, subscription } = run(() => new Observable(() => () => (tornDown = true)));
    const [server] = pair();
    connections.next(server);
    subscription.unsubscribe();
    expect(tornDown).toBe(true);
  });

  it('L5: handlers failing because the teardown closed their transports are not reported to onError', async () => {
    const errors: unknown[] = [];
    // A source that closes what it emitted when unsubscribed, as a listener's serve() does.
    const emitted: AsyncStreamTransport[] = [];
    const closingSource = new Observable<AsyncStreamTransport>((subscriber) => {
      const [server] = pair();
      emitted.push(server);
      subscriber.next(server);
      return () => emitted.forEach((t) => void t.aclose());
    });
    const handlers: Array<ConnectionHandler<AsyncStreamTransport>> = [(t) => t.recv$(10), (t) => t.recv(10)];
    const settled: Array<Promise<unknown>> = [];
    for (const handler of handlers) {
      const subscription = handleConnections(
        closingSource,
        (t) => {
          const result = handler(t);
          if (result instanceof Promise) settled.push(result.catch((error: unknown) => error));
          return result;
        },
        { onError: (e) => errors.push(e) },
      ).subscribe();
      subscription.unsubscribe();
    }
    // The promise handler did fail, with the close; nobody must hear of it.
    expect(await Promise.all(settled)).toEqual([expect.any(ClosedResourceError)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
  });

  it('L6: completes once the source completed and every running handler ended', async () => {
    const { connections, events } = run(() => NEVER);
    const { connections: quick, events: quickEvents } = run(() => undefined);
    const [server] = pair();
    connections.next(server);
    connections.complete();
    quick.complete();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
    expect(quickEvents).toEqual(['complete']);
  });

  describe('P4: graceful drain', () => {
    function drained(handler: ConnectionHandler<AsyncStreamTransport>, options: ServeOptions<AsyncStreamTransport>) {
      const connections = new Subject<AsyncStreamTransport>();
      const stops: number[] = [];
      const outcomes: unknown[] = [];
      const errors: unknown[] = [];
      let completed = false;
      handleConnections(
        connections,
        handler,
        { onError: (error) => errors.push(error), onDrained: (outcome) => outcomes.push(outcome), ...options },
        { handingOut: () => undefined, stopAccepting: () => void stops.push(1), scheduler: asyncScheduler },
      ).subscribe({ complete: () => (completed = true) });
      return { connections, stops, outcomes, errors, completed: () => completed };
    }

    it('stops accepting, closes the waiting, lets a handler finish, cuts the one still running at the deadline', async () => {
      const stop = new AbortController();
      let finishQuick!: () => void;
      const quickDone = new Promise<void>((resolve) => (finishQuick = resolve));
      const run = drained((t) => (t === quick ? quickDone : t.recv(10)), { concurrency: 2, signal: stop.signal, drainTimeout: 50 });
      const [quick] = pair();
      const [stuck] = pair();
      const [waitingOne, waitingPeer] = pair();
      run.connections.next(quick);
      run.connections.next(stuck);
      run.connections.next(waitingOne);
      stop.abort();
      expect(run.stops).toHaveLength(1);
      expect((await readToEof(waitingPeer)).length).toBe(0); // closed without a handler
      const [late, latePeer] = pair();
      run.connections.next(late); // arrived after the stop: closed at once
      expect((await readToEof(latePeer)).length).toBe(0);
      finishQuick();
      await waitFor(() => run.completed(), 'the drain to end at its deadline');
      expect(run.outcomes).toEqual([{ finished: 1, cut: 1, unstarted: 1 }]);
      expect(stuck.isClosing()).toBe(true);
      expect(run.errors).toEqual([]); // the cut handler's failure is the drain, not a bug
    });

    it('with nothing running, an aborted signal completes serve at once', () => {
      const run = drained(() => undefined, { signal: AbortSignal.abort() });
      expect(run.stops).toHaveLength(1);
      expect(run.completed()).toBe(true);
      expect(run.outcomes).toEqual([{ finished: 0, cut: 0, unstarted: 0 }]);
    });

    it('ends as soon as the last running handler ends, before the deadline', async () => {
      const stop = new AbortController();
      let finish!: () => void;
      const run = drained(() => new Promise<void>((resolve) => (finish = resolve)), { signal: stop.signal, drainTimeout: 60_000 });
      const [server] = pair();
      run.connections.next(server);
      stop.abort();
      finish();
      await waitFor(() => run.completed(), 'serve to complete');
      expect(run.outcomes).toEqual([{ finished: 1, cut: 0, unstarted: 0 }]);
    });

    it('P4: unsubscribing before the signal aborts forgets the signal: a later abort stops nothing', () => {
      const stop = new AbortController();
      const stops: number[] = [];
      const subscription = handleConnections(new Subject<AsyncStreamTransport>(), () => undefined, { signal: stop.signal }, {
        handingOut: () => undefined,
        stopAccepting: () => void stops.push(1),
        scheduler: asyncScheduler,
      }).subscribe();
      subscription.unsubscribe();
      stop.abort();
      expect(stops).toEqual([]);
    });

    it('C8: bad drain options throw at call time', () => {
      const serve = (options: object) => () => handleConnections(new Subject<AsyncStreamTransport>(), () => undefined, options);
      expect(serve({ drainTimeout: 'soon' })).toThrow(TypeError);
      expect(serve({ drainTimeout: -1 })).toThrow(RangeError);
      expect(serve({ signal: 'stop' })).toThrow(TypeError);
      expect(serve({ onDrained: 3 })).toThrow(TypeError);
      expect(serve({ drainTimeout: Infinity })).not.toThrow();
    });
  });

  it('C8: every bad argument is named in its error', () => {
    const serve = (handler: unknown, options?: unknown) => () => handleConnections(new Subject<AsyncStreamTransport>(), handler as never, options as never);
    expect(serve('x')).toThrow(/^serve: handler must be a function, got string$/);
    expect(serve(() => undefined, 5)).toThrow(/^serve: options must be an object, got number$/);
    expect(serve(() => undefined, { concurrency: 0 })).toThrow(/^serve: options\.concurrency must be positive, got 0$/);
    expect(serve(() => undefined, { concurrency: Infinity })).not.toThrow();
    expect(serve(() => undefined, { onError: 1 })).toThrow(/^serve: options\.onError must be a function, got number$/);
    expect(serve(() => undefined, { signal: 1 })).toThrow(/^serve: options\.signal must be an AbortSignal$/);
    expect(serve(() => undefined, { drainTimeout: -1 })).toThrow(/^serve: options\.drainTimeout must be a non-negative safe integer, got -1$/);
    expect(serve(() => undefined, { onDrained: 1 })).toThrow(/^serve: options\.onDrained must be a function, got number$/);
  });

  it('a failing source errors serve with its error', () => {
    const failure = new Error('the listener broke');
    const errors: unknown[] = [];
    handleConnections(throwError(() => failure), () => undefined).subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors).toEqual([failure]);
  });

  it('P1: each transport is handed out just before its handler runs, not while it waits for a slot', () => {
    const connections = new Subject<AsyncStreamTransport>();
    const log: string[] = [];
    const names = new Map<AsyncStreamTransport, string>();
    handleConnections(
      connections,
      (t) => {
        log.push(`handler ${names.get(t)}`);
        return NEVER;
      },
      { concurrency: 1 },
      { handingOut: (t) => void log.push(`handing out ${names.get(t)}`), stopAccepting: () => undefined, scheduler: asyncScheduler },
    ).subscribe();
    const [first] = pair();
    const [second] = pair();
    names.set(first, 'first').set(second, 'second');
    connections.next(first);
    connections.next(second);
    expect(log).toEqual(['handing out first', 'handler first']);
  });

  it('L3: a graceful close that fails after the handler completed goes to onError', async () => {
    const [server] = pair();
    const failure = new Error('close failed');
    const failing = Object.assign(server, { aclose: () => Promise.reject(failure) });
    const errors: unknown[] = [];
    const { connections } = run(() => undefined, { onError: (error) => errors.push(error) });
    connections.next(failing);
    await waitFor(() => errors.length > 0, 'onError to hear of the failed close');
    expect(errors).toEqual([failure]);
  });
});
