/**
 * The listener bases supply serve(handler) (L3, L4) on top of a user-written listener's hot
 * serve(), so a listener that implements only `connections()`/`datagrams()` gets the real
 * handler machinery.
 */
import { Subject, type Observable } from 'rxjs';
import {
  AbstractAsyncDatagramListener,
  AbstractAsyncListener,
  createMemoryStreamPair,
  defaultBackend,
  type AsyncBackend,
  type MemoryStreamTransport,
} from '../../src';

class SubjectListener extends AbstractAsyncListener<MemoryStreamTransport> {
  readonly arrivals = new Subject<MemoryStreamTransport>();
  protected connections(): Observable<MemoryStreamTransport> {
    return this.arrivals;
  }
  async aclose(): Promise<void> {
    this.arrivals.complete();
  }
  isClosing(): boolean {
    return this.arrivals.closed;
  }
  backend(): AsyncBackend {
    return defaultBackend;
  }
}

class SubjectDatagramListener extends AbstractAsyncDatagramListener<string> {
  readonly arrivals = new Subject<[Buffer, string]>();
  readonly sent: Array<[string, string]> = [];
  protected datagrams(): Observable<[Buffer, string]> {
    return this.arrivals;
  }
  async sendTo(data: ArrayBufferView, address: string): Promise<void> {
    this.sent.push([Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(), address]);
  }
  async aclose(): Promise<void> {
    this.arrivals.complete();
  }
  isClosing(): boolean {
    return this.arrivals.closed;
  }
  backend(): AsyncBackend {
    return defaultBackend;
  }
}

describe('AbstractAsyncListener', () => {
  test('L2: serve() is the subclass connections(); L3: serve(handler) runs the handler and closes the transport after it', async () => {
    const listener = new SubjectListener();
    const emitted: MemoryStreamTransport[] = [];
    const served = listener.serve().subscribe((t) => emitted.push(t));
    const [one] = createMemoryStreamPair();
    listener.arrivals.next(one);
    expect(emitted).toEqual([one]);
    served.unsubscribe();
    expect(listener.arrivals.observed).toBe(false);
    const handled: string[] = [];
    const done = new Promise<void>((resolve) =>
      listener
        .serve(async (t) => {
          handled.push((await t.recv(10)).toString());
        })
        .subscribe({ complete: resolve }),
    );
    const [client, server] = createMemoryStreamPair();
    listener.arrivals.next(server);
    await client.sendAll(Buffer.from('hi'));
    expect((await client.recv(10)).length).toBe(0); // EOF: the handler ended, its transport closed
    await listener.aclose();
    await done;
    expect(handled).toEqual(['hi']);
  });

  test('C8: a handler that is not a function is a TypeError at once', () => {
    expect(() => new SubjectListener().serve(42 as never)).toThrow(TypeError);
  });
});

describe('AbstractAsyncDatagramListener', () => {
  test('L4: serve(handler) handles datagrams one after another, in arrival order', async () => {
    const listener = new SubjectDatagramListener();
    const done = new Promise<void>((resolve) =>
      listener.serve((datagram, from) => listener.sendTo(datagram, from)).subscribe({ complete: resolve }),
    );
    listener.arrivals.next([Buffer.from('a'), 'x']);
    listener.arrivals.next([Buffer.from('b'), 'y']);
    await listener.aclose();
    await done;
    expect(listener.sent).toEqual([['a', 'x'], ['b', 'y']]);
  });

  test('C8: a handler that is not a function is a TypeError at once', () => {
    expect(() => new SubjectDatagramListener().serve('no' as never)).toThrow(TypeError);
  });
});
