/** Listeners over real loopback sockets: serve is hot (L1), single (L2), and owns what it emits (L5, L6, L7). */
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type Subscription } from 'rxjs';
import {
  acloseForcefully,
  BusyResourceError,
  ClosedResourceError,
  IdleTimeoutError,
  ListenerAttribute,
  connectTcp,
  connectUnix,
  listenTcp,
  listenUnix,
  SocketAttribute,
  StreamAttribute,
  TypedAttributeLookupError,
  type AsyncStreamTransport,
} from '../../src';
import { readExactly, readToEof } from '../support/bytes';
import { portOf } from '../support/pairs';
import { checkResources, own } from '../support/resources';
import { socketPath } from '../support/temp';
import { ioTurns, waitFor } from '../support/wait';

checkResources();

/** Subscribes to serve(), collecting what it emits; the subscription is returned for the test to end. */
function collect(listener: { serve(): import('rxjs').Observable<AsyncStreamTransport> }) {
  const got: AsyncStreamTransport[] = [];
  let error: unknown;
  let completed = false;
  const subscription = listener.serve().subscribe({
    next: (t) => got.push(own(t)),
    error: (e: unknown) => (error = e),
    complete: () => (completed = true),
  });
  return {
    got,
    subscription,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
  };
}

/** Resolves when `transport`'s peer ended the connection (EOF or a reset both count). */
async function peerEnded(transport: AsyncStreamTransport): Promise<void> {
  await readToEof(transport).catch(() => undefined);
}

describe('socket listener', () => {
  it('L1: connections made before serve() is subscribed are delivered first, in order', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    for (let i = 0; i < 3; i++) {
      const client = own(await connectTcp('127.0.0.1', portOf(listener)));
      await client.sendAll(Buffer.from([i]));
    }
    // Queued arrivals are emitted synchronously on subscribe.
    const seen = collect(listener);
    expect(seen.got).toHaveLength(3);
    const order = await Promise.all(seen.got.map(async (t) => (await readExactly(t, 1))[0]));
    expect(order).toEqual([0, 1, 2]);
    seen.subscription.unsubscribe();
  });

  it('L1: early arrivals wait in a bounded queue; beyond it, connections are closed', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1', maxQueuedConnections: 2 }));
    const clients: AsyncStreamTransport[] = [];
    for (let i = 0; i < 4; i++) clients.push(own(await connectTcp('127.0.0.1', portOf(listener))));
    await Promise.all(clients.slice(2).map(peerEnded));
    const seen = collect(listener);
    expect(seen.got).toHaveLength(2);
    await clients[0].sendAll(Buffer.from('a'));
    expect((await readExactly(seen.got[0], 1)).toString()).toBe('a');
    seen.subscription.unsubscribe();
  });

  it('L2: a second concurrent subscriber errors with BusyResourceError; the first keeps serving', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const first = collect(listener);
    const second = collect(listener);
    expect(second.error).toBeInstanceOf(BusyResourceError);
    const client = own(await connectTcp('127.0.0.1', portOf(listener)));
    await client.sendAll(Buffer.from('hi'));
    expect((await readExactly(await waitForCount(first.got, 1), 2)).toString()).toBe('hi');
    first.subscription.unsubscribe();
  });

  it('L5: unsubscribing frees the port at once and ends every connection it emitted', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const port = portOf(listener);
    const accepted = firstValueFromServe(listener);
    const client = own(await connectTcp('127.0.0.1', port));
    const { transport, subscription } = await accepted;
    subscription.unsubscribe();
    expect(listener.isClosing()).toBe(true);
    expect(transport.isClosing()).toBe(true);
    const again = own(await listenTcp({ host: '127.0.0.1', port }));
    expect(portOf(again)).toBe(port);
    await peerEnded(client);
  });

  it('L6: aclose stops accepting and completes serve(); transports already handed out stay open', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const port = portOf(listener);
    const accepted = firstValueFromServe(listener);
    const client = own(await connectTcp('127.0.0.1', port));
    const { transport, completed } = await accepted;
    await listener.aclose();
    await listener.aclose(); // idempotent
    expect(await completed).toBe(true);
    expect(transport.isClosing()).toBe(false);
    await client.sendAll(Buffer.from('still open'));
    expect((await readExactly(transport, 10)).toString()).toBe('still open');
    await expect(connectTcp('127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('C3: subscribing after aclose errors with ClosedResourceError', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    await listener.aclose();
    expect(collect(listener).error).toBeInstanceOf(ClosedResourceError);
  });

  it('L3/L6: serve(handler) echoes, closes each transport when its handler completes, and completes after aclose once handlers end', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    let finished = false;
    const done = new Promise<void>((resolve, reject) => {
      listener
        .serve(async (t) => {
          const line = await readToEof(t);
          await t.sendAll(Buffer.from(line.toString().toUpperCase()));
        })
        .subscribe({ complete: () => ((finished = true), resolve()), error: reject });
    });
    const client = own(await connectTcp('127.0.0.1', portOf(listener)));
    await client.sendAll(Buffer.from('shout'));
    await listener.aclose();
    expect(finished).toBe(false); // the handler is still waiting for EOF
    await client.sendEof();
    expect((await readToEof(client)).toString()).toBe('SHOUT');
    await done;
  });

  it('L3: a handler that throws closes only its connection, reports once, and the server keeps serving', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const errors: unknown[] = [];
    const subscription = listener
      .serve(
        async (t) => {
          const word = (await readExactly(t, 4)).toString();
          if (word === 'boom') throw new Error('handler failed');
          await t.sendAll(Buffer.from('fine'));
        },
        { onError: (error) => errors.push(error) },
      )
      .subscribe();
    const bad = own(await connectTcp('127.0.0.1', portOf(listener)));
    await bad.sendAll(Buffer.from('boom'));
    await peerEnded(bad);
    const good = own(await connectTcp('127.0.0.1', portOf(listener)));
    await good.sendAll(Buffer.from('good'));
    expect((await readToEof(good)).toString()).toBe('fine');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('handler failed');
    subscription.unsubscribe();
  });

  it('L7: a client that connects and resets at once produces no output and no error', async () => {
    const warn = jest.spyOn(console, 'warn');
    const error = jest.spyOn(console, 'error');
    try {
      const listener = own(await listenTcp({ host: '127.0.0.1' }));
      const seen = collect(listener);
      const rude = net.connect(portOf(listener), '127.0.0.1');
      await new Promise<void>((resolve) => rude.once('connect', resolve));
      rude.resetAndDestroy();
      await new Promise<void>((resolve) => rude.once('close', () => resolve()));
      const polite = own(await connectTcp('127.0.0.1', portOf(listener)));
      await polite.sendAll(Buffer.from('ok'));
      const last = await waitForCount(seen.got, 2);
      expect((await readExactly(last, 2)).toString()).toBe('ok');
      expect(seen.error).toBeUndefined();
      expect(seen.completed).toBe(false);
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
      seen.subscription.unsubscribe();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('L7: serve(handler) under clients that reset right after connecting prints nothing and keeps serving', async () => {
    const warn = jest.spyOn(console, 'warn');
    try {
      const listener = own(await listenTcp({ host: '127.0.0.1' }));
      let served = 0;
      listener
        .serve(async (t) => {
          const chunk = await t.recv(10); // rejects BrokenResourceError (ECONNRESET) for a rude client
          served++;
          await t.sendAll(chunk);
        })
        .subscribe();
      for (let i = 0; i < 20; i++) {
        const rude = net.connect(portOf(listener), '127.0.0.1');
        await once(rude, 'connect');
        rude.write('x');
        rude.resetAndDestroy();
        await once(rude, 'close');
      }
      const polite = own(await connectTcp('127.0.0.1', portOf(listener)));
      await polite.sendAll(Buffer.from('ok'));
      expect((await readExactly(polite, 2)).toString()).toBe('ok');
      await waitFor(() => served >= 1, 'the polite client served');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('P1: a connection waiting in the early queue reads nothing from its socket until serve() hands it out', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    const early = own(await connectTcp('127.0.0.1', portOf(listener)));
    await early.sendAll(Buffer.alloc(64 * 1024, 7));
    // Turns of the event loop in which an eager socket would have read those bytes.
    own(await connectTcp('127.0.0.1', portOf(listener)));
    await ioTurns(20);
    const readAtHandOut: number[] = [];
    const seen = listener.serve().subscribe((t) => {
      own(t);
      readAtHandOut.push((t.extra(SocketAttribute.socket) as net.Socket).bytesRead + t.extra(StreamAttribute.bufferedBytes));
    });
    expect(readAtHandOut).toEqual([0, 0]);
    seen.unsubscribe();
  });

  it('P1: a connection waiting behind concurrency reads nothing until its handler starts, then gets every byte', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const readAtStart: number[] = [];
    const received: Buffer[] = [];
    let handlers = 0;
    listener
      .serve(
        async (t) => {
          readAtStart.push((t.extra(SocketAttribute.socket) as net.Socket).bytesRead);
          if (handlers++ === 0) {
            await t.recv(1);
            return firstHeld;
          }
          received.push(await readExactly(t, 64 * 1024));
        },
        { concurrency: 1 },
      )
      .subscribe();
    const first = own(await connectTcp('127.0.0.1', portOf(listener)));
    await first.sendAll(Buffer.from('1'));
    await waitFor(() => readAtStart.length === 1, 'the first handler to start');
    const waiting = own(await connectTcp('127.0.0.1', portOf(listener)));
    await waiting.sendAll(Buffer.alloc(64 * 1024, 9));
    await ioTurns(20);
    releaseFirst();
    void first.aclose(); // the first slot frees once its transport's graceful close has ended
    await waitFor(() => received.length === 1, 'the waiting connection served');
    expect(readAtStart).toEqual([readAtStart[0], 0]);
    expect(received[0].equals(Buffer.alloc(64 * 1024, 9))).toBe(true);
  });

  it('P2: at maxConnections a new connection is closed at once and counted; below it, connections are accepted again', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1', maxConnections: 2 }));
    const count = () => ({
      accepted: listener.extra(ListenerAttribute.acceptedConnections),
      open: listener.extra(ListenerAttribute.openConnections),
      waiting: listener.extra(ListenerAttribute.waitingConnections),
      refused: listener.extra(ListenerAttribute.refusedConnections),
    });
    expect(listener.extra(ListenerAttribute.maxConnections)).toBe(2);
    const clients = [own(await connectTcp('127.0.0.1', portOf(listener))), own(await connectTcp('127.0.0.1', portOf(listener)))];
    await waitFor(() => count().open === 2, 'two connections held');
    expect(count()).toEqual({ accepted: 2, open: 2, waiting: 2, refused: 0 });

    const third = own(await connectTcp('127.0.0.1', portOf(listener))); // the kernel accepts; the listener drops it
    await peerEnded(third);
    expect(count()).toEqual({ accepted: 2, open: 2, waiting: 2, refused: 1 });

    const seen = collect(listener);
    expect(count().waiting).toBe(0);
    await acloseForcefully(seen.got[0]); // one fewer held: room for one more
    await waitFor(() => count().open === 1, 'the closed one to be counted');
    const fourth = own(await connectTcp('127.0.0.1', portOf(listener)));
    await fourth.sendAll(Buffer.from('in'));
    const accepted = await waitForCount(seen.got, 3);
    expect((await readExactly(accepted, 2)).toString()).toBe('in');
    expect(count()).toMatchObject({ accepted: 3, open: 2, refused: 1 });
    void clients;
    seen.subscription.unsubscribe();
  });

  it('O2: handlerErrors counts the handlers of serve(handler) that failed', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    listener.serve((t) => (t.extra(SocketAttribute.remoteAddress) ? Promise.reject(new Error('bug')) : undefined), { onError: () => undefined }).subscribe();
    for (let i = 0; i < 3; i++) await peerEnded(own(await connectTcp('127.0.0.1', portOf(listener))));
    expect(listener.extra(ListenerAttribute.handlerErrors)).toBe(3);
  });

  it('P3: idleTimeout closes a handed-out transport that neither receives nor sends; its pending recv rejects IdleTimeoutError', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1', idleTimeout: 100 }));
    const failures: unknown[] = [];
    listener.serve((t) => t.recv(10).catch((error: unknown) => void failures.push(error)), { onError: () => undefined }).subscribe();
    const client = own(await connectTcp('127.0.0.1', portOf(listener)));
    await peerEnded(client); // the server closed the idle connection
    expect(failures).toEqual([expect.any(IdleTimeoutError)]);
    expect((failures[0] as IdleTimeoutError).code).toBe('ERR_IDLE_TIMEOUT');
  });

  it('A2: a listener publishes its family and local address, and has no remoteAddress', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    expect(listener.extra(SocketAttribute.family)).toBe('IPv4');
    expect(listener.extra(SocketAttribute.localAddress)).toMatchObject({ host: '127.0.0.1' });
    expect(() => listener.extra(SocketAttribute.remoteAddress)).toThrow(TypedAttributeLookupError);
    await listener.aclose();
    expect(portOf(listener)).toBeGreaterThan(0); // still answers after close
  });

  it('C8: serve(handler) validates its arguments at call time', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    expect(() => listener.serve('nope' as never)).toThrow(TypeError);
    expect(() => listener.serve(() => undefined, { concurrency: 0 })).toThrow(RangeError);
    expect(() => listener.serve(() => undefined, { onError: 1 as never })).toThrow(TypeError);
  });
});

describe('Unix listener', () => {
  it('serves at a path and removes its socket file on close', async () => {
    const path = socketPath();
    const listener = own(await listenUnix(path));
    expect(existsSync(path)).toBe(true);
    expect(listener.extra(SocketAttribute.localAddress)).toBe(path);
    const subscription = listener.serve((t) => t.sendAll(Buffer.from('unix!'))).subscribe();
    const client = own(await connectUnix(path));
    expect((await readToEof(client)).toString()).toBe('unix!');
    subscription.unsubscribe();
    expect(existsSync(path)).toBe(false);
  });

  it('replaces a stale socket file that nobody listens on', async () => {
    const path = socketPath();
    // A process that dies without closing leaves its socket file behind.
    const child = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(path)}, () => process.stdout.write('ready'))`,
    ]);
    await once(child.stdout, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(existsSync(path)).toBe(true);
    const listener = own(await listenUnix(path));
    const subscription = listener.serve((t) => t.sendAll(Buffer.from('fresh'))).subscribe();
    expect((await readToEof(own(await connectUnix(path)))).toString()).toBe('fresh');
    subscription.unsubscribe();
  });

  it('C8: a path someone listens on rejects EADDRINUSE; a regular file there is left untouched', async () => {
    const path = socketPath();
    own(await listenUnix(path));
    await expect(listenUnix(path)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const file = socketPath('plain.txt');
    writeFileSync(file, 'keep me');
    await expect(listenUnix(file)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});

/** The first transport serve() emits, with the subscription still open and a promise of its completion. */
function firstValueFromServe(listener: { serve(): import('rxjs').Observable<AsyncStreamTransport> }): Promise<{
  transport: AsyncStreamTransport;
  subscription: Subscription;
  completed: Promise<boolean>;
}> {
  return new Promise((resolve, reject) => {
    let markCompleted: (value: boolean) => void = () => undefined;
    const completed = new Promise<boolean>((done) => (markCompleted = done));
    const subscription: Subscription = listener.serve().subscribe({
      next: (transport) => resolve({ transport: own(transport), subscription, completed }),
      error: reject,
      complete: () => markCompleted(true),
    });
  });
}

/** Resolves the `count`-th element once `list` has that many (it is filled by a subscription). */
async function waitForCount<T>(list: T[], count: number): Promise<T> {
  await waitFor(() => list.length >= count, `${count} connections`);
  return list[count - 1];
}
