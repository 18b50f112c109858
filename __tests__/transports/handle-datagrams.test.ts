/** serve(handler) for datagrams (L4): global order via concatMap, or per-peer order with overlap across peers. */
import { Observable, Subject, timer, map } from 'rxjs';
import { handleDatagrams } from '../../src/transports/handle-datagrams';
import type { DatagramHandler, DatagramServeOptions } from '../../src';

type Pair = [Buffer, string];

function run(handler: DatagramHandler<string>, options?: DatagramServeOptions<string>) {
  const datagrams = new Subject<Pair>();
  const subscription = handleDatagrams(datagrams, handler, options).subscribe();
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

  it('C8: validates its arguments at call time', () => {
    const source = new Subject<Pair>();
    expect(() => handleDatagrams(source, 'x' as never)).toThrow(TypeError);
    expect(() => handleDatagrams(source, () => undefined, { ordering: 'random' as never })).toThrow(RangeError);
  });
});
