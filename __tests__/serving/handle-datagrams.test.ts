/** serve(handler) for datagrams (L4): one handler at a time in global order, or per-peer order with overlap across peers. */
import { Observable, Subject, timer, map } from 'rxjs';
import { handleDatagrams, type HandlerQueueBound } from '../../src/serving/handle-datagrams';
import type { DatagramHandler, DatagramServeOptions } from '../../src';

type Pair = [Buffer, string];

function run(handler: DatagramHandler<string>, options?: DatagramServeOptions<string>, bound?: HandlerQueueBound) {
  const datagrams = new Subject<Pair>();
  const subscription = handleDatagrams(datagrams, handler, options, bound).subscribe();
  return { datagrams, subscription };
}

/** A handler that records start/end and finishes when the test releases it. */
function controlledHandler() {
  const log: string[] = [];
  const pending = new Map<string, () => void>();
  const handler: DatagramHandler<string> = (datagram, address) =>
    new Observable<never>((subscriber) => {
      const name = `${address}:${datagram.toString()}`;
      log.push(`start ${name}`);
      pending.set(name, () => {
        log.push(`end ${name}`);
        subscriber.complete();
      });
    });
  return { log, handler, finish: (name: string) => pending.get(name)?.() };
}

describe('handleDatagrams (serve(handler) on a datagram listener)', () => {
  it("L4: 'global' (the default) starts a handler only after the previous one ended", () => {
    const { log, handler, finish } = controlledHandler();
    const { datagrams } = run(handler);
    datagrams.next([Buffer.from('1'), 'p']);
    datagrams.next([Buffer.from('1'), 'q']);
    datagrams.next([Buffer.from('2'), 'p']);
    expect(log).toEqual(['start p:1']);
    finish('p:1');
    expect(log).toEqual(['start p:1', 'end p:1', 'start q:1']);
    finish('q:1');
    finish('p:2');
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start p:1', 'start q:1', 'start p:2']);
  });

  it("L4: 'per-peer' keeps each peer in order while different peers' handlers overlap", () => {
    const { log, handler, finish } = controlledHandler();
    const { datagrams } = run(handler, { ordering: 'per-peer' });
    datagrams.next([Buffer.from('1'), 'p']);
    datagrams.next([Buffer.from('1'), 'q']);
    datagrams.next([Buffer.from('2'), 'p']);
    expect(log).toEqual(['start p:1', 'start q:1']); // overlap across peers
    finish('q:1');
    expect(log).not.toContain('start p:2'); // p:2 waits for p:1
    finish('p:1');
    expect(log.slice(-1)).toEqual(['start p:2']);
  });

  it.each(['global', 'per-peer'] as const)("D2: with ordering '%s', datagrams waiting for a handler are bounded; beyond, they are dropped and counted", (ordering) => {
    const { log, handler, finish } = controlledHandler();
    let dropped = 0;
    const { datagrams } = run(handler, { ordering }, { limit: 2, onDrop: () => dropped++ });
    // p:1 runs; p:2 and p:3 wait (the bound); p:4 and p:5 are dropped. Every datagram from one peer.
    for (let i = 1; i <= 5; i++) datagrams.next([Buffer.from(String(i)), 'p']);
    expect(dropped).toBe(2);
    finish('p:1'); // p:2 starts: one waits now, so one more fits
    datagrams.next([Buffer.from('6'), 'p']);
    datagrams.next([Buffer.from('7'), 'p']);
    expect(dropped).toBe(3);
    finish('p:2');
    finish('p:3');
    finish('p:6');
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start p:1', 'start p:2', 'start p:3', 'start p:6']);
  });

  it("L4: 'per-peer' releases an idle peer's queue and starts a new one when it returns", () => {
    const { log, handler, finish } = controlledHandler();
    const { datagrams } = run(handler, { ordering: 'per-peer' });
    datagrams.next([Buffer.from('1'), 'p']);
    finish('p:1');
    datagrams.next([Buffer.from('2'), 'p']);
    expect(log).toEqual(['start p:1', 'end p:1', 'start p:2']);
  });

  it('L4: random handler delays never reorder one peer (per-peer) or anything (global)', async () => {
    for (const ordering of ['global', 'per-peer'] as const) {
      const handled: string[] = [];
      const done = new Subject<void>();
      const total = 300;
      const { datagrams } = run(
        (d, a) =>
          timer(Math.floor(Math.random() * 3)).pipe(
            map(() => {
              handled.push(`${a}:${d.toString()}`);
              if (handled.length === total) done.next();
            }),
          ),
        { ordering },
      );
      const finished = new Promise<void>((resolve) => done.subscribe(() => resolve()));
      for (let i = 0; i < total; i++) datagrams.next([Buffer.from(String(i)), `peer${i % 3}`]);
      await finished;
      for (const peer of ['peer0', 'peer1', 'peer2']) {
        const mine = handled.filter((h) => h.startsWith(`${peer}:`)).map((h) => Number(h.split(':')[1]));
        expect(mine).toEqual([...mine].sort((x, y) => x - y));
      }
      if (ordering === 'global') expect(handled.map((h) => Number(h.split(':')[1]))).toEqual([...Array(total).keys()]);
    }
  });

  it('a handler error goes to onError once and serving goes on', () => {
    const errors: unknown[] = [];
    const seen: string[] = [];
    const { datagrams } = run(
      (d) => {
        if (d.toString() === 'bad') throw new Error('bad datagram');
        seen.push(d.toString());
      },
      { onError: (error, datagram, address) => errors.push([(error as Error).message, datagram.toString(), address]) },
    );
    datagrams.next([Buffer.from('bad'), 'p']);
    datagrams.next([Buffer.from('good'), 'p']);
    expect(errors).toEqual([['bad datagram', 'bad', 'p']]);
    expect(seen).toEqual(['good']);
  });

  it("L4: 'global' waits for a promise handler, and a rejected one goes to onError", async () => {
    const errors: string[] = [];
    const log: string[] = [];
    const release: Array<() => void> = [];
    const { datagrams } = run(
      (d) =>
        new Promise<void>((resolve, reject) => {
          log.push(`start ${d.toString()}`);
          release.push(() => (d.toString() === 'bad' ? reject(new Error('bad')) : resolve()));
        }),
      { onError: (error) => errors.push((error as Error).message) },
    );
    datagrams.next([Buffer.from('bad'), 'p']);
    datagrams.next([Buffer.from('next'), 'p']);
    expect(log).toEqual(['start bad']);
    release[0]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual(['bad']);
    expect(log).toEqual(['start bad', 'start next']);
  });

  it("L4: 'global' runs 100 000 handlers that finish at once without growing the stack, then completes with its source", () => {
    let handled = 0;
    const datagrams = new Subject<Pair>();
    const events: string[] = [];
    handleDatagrams(datagrams, () => void handled++).subscribe({ complete: () => events.push('complete') });
    for (let i = 0; i < 100_000; i++) datagrams.next([Buffer.from('x'), 'p']);
    datagrams.complete();
    expect([handled, events]).toEqual([100_000, ['complete']]);
  });

  it('L5: after unsubscribing, a handler failing because of the teardown is not reported, and nothing more starts', async () => {
    const errors: unknown[] = [];
    let fail: (error: Error) => void = () => undefined;
    let started = 0;
    const { datagrams, subscription } = run(
      () => {
        started++;
        return new Promise<void>((_, reject) => (fail = reject));
      },
      { onError: (error) => errors.push(error) },
    );
    datagrams.next([Buffer.from('a'), 'p']);
    datagrams.next([Buffer.from('b'), 'p']);
    subscription.unsubscribe();
    fail(new Error('the socket was closed'));
    await new Promise((resolve) => setImmediate(resolve));
    expect([started, errors]).toEqual([1, []]);
  });

  it('C8: validates its arguments at call time', () => {
    const source = new Subject<Pair>();
    expect(() => handleDatagrams(source, 'x' as never)).toThrow(TypeError);
    expect(() => handleDatagrams(source, 'x' as never)).toThrow(/serve: handler/);
    expect(() => handleDatagrams(source, () => undefined, { ordering: 'random' as never })).toThrow(RangeError);
    expect(() => handleDatagrams(source, () => undefined, 5 as never)).toThrow(/^serve: options must be an object, got number$/);
    expect(() => handleDatagrams(source, () => undefined, { ordering: 'random' as never })).toThrow(/^serve: options\.ordering must be 'global' or 'per-peer', got random$/);
    expect(() => handleDatagrams(source, () => undefined, { onError: 1 as never })).toThrow(/^serve: options\.onError must be a function, got number$/);
    expect(() => handleDatagrams(source, () => undefined, { peerKey: 1 as never })).toThrow(/^serve: options\.peerKey must be a function, got number$/);
  });

  it.each(['global', 'per-peer'] as const)("with ordering '%s', a failing source errors serve, and unsubscribing releases the source", (ordering) => {
    const failure = new Error('the socket broke');
    const errors: unknown[] = [];
    const failing = new Subject<Pair>();
    handleDatagrams(failing, () => undefined, { ordering }).subscribe({ error: (e: unknown) => errors.push(e) });
    failing.error(failure);
    expect(errors).toEqual([failure]);
    const source = new Subject<Pair>();
    const subscription = handleDatagrams(source, () => undefined, { ordering }).subscribe();
    expect(source.observed).toBe(true);
    subscription.unsubscribe();
    expect(source.observed).toBe(false);
  });

  it("L4: 'per-peer' reports a failing handler to onError with its datagram and address, and serves on", () => {
    const reported: unknown[][] = [];
    const failure = new Error('bad request');
    const { datagrams } = run(
      (datagram) => {
        if (datagram.toString() === 'bad') throw failure;
      },
      { ordering: 'per-peer', onError: (...args) => reported.push(args) },
    );
    datagrams.next([Buffer.from('bad'), 'p']);
    datagrams.next([Buffer.from('good'), 'p']);
    expect(reported).toEqual([[failure, Buffer.from('bad'), 'p']]);
  });
});
