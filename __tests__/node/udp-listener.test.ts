/** UDP listeners over real loopback sockets: hot and ordered serve (L1, L2, L4), unsubscribe (L5), sendTo (L7). */
import { concatMap } from 'rxjs';
import {
  BusyResourceError,
  connectUdp,
  DatagramAttribute,
  ListenerAttribute,
  listenUdp,
  SocketAttribute,
  type AsyncDatagramListener,
  type AsyncDatagramTransport,
  type InetAddress,
} from '../../src';
import { checkResources, own } from '../support/resources';
import { waitFor } from '../support/wait';

checkResources();

function portOf(listener: AsyncDatagramListener<InetAddress>): number {
  return (listener.extra(SocketAttribute.localAddress) as InetAddress).port;
}

/** A random short wait: none, a microtask, or one or two I/O turns. */
function shortDelay(): Promise<void> {
  const pick = Math.floor(Math.random() * 4);
  if (pick === 0) return Promise.resolve();
  return new Promise<void>((resolve) => (pick === 1 ? queueMicrotask(resolve) : setImmediate(resolve)));
}

/** Sends `count` numbered datagrams from each client, interleaved, in paced batches so the kernel drops none. */
async function sendNumbered(clients: AsyncDatagramTransport[], count: number, handled: () => number): Promise<void> {
  const batch = 50;
  for (let i = 0; i < count; i += batch) {
    for (let j = i; j < Math.min(count, i + batch); j++) {
      for (const client of clients) await client.send(Buffer.from(String(j)));
    }
    const expected = Math.min(count, i + batch) * clients.length;
    await waitFor(() => handled() >= expected, `${expected} datagrams handled`);
  }
}

describe('UDP listener', () => {
  it('L1/L2: datagrams that arrive before serve() is subscribed come first, in order, with their source address', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    for (const word of ['one', 'two', 'three']) await client.send(Buffer.from(word));
    await waitFor(() => listener.extra(DatagramAttribute.queuedDatagrams) === 3, 'three queued datagrams');
    const got: Array<[string, InetAddress]> = [];
    const subscription = listener.serve().subscribe(([d, from]) => got.push([d.toString(), from]));
    expect(got.map(([d]) => d)).toEqual(['one', 'two', 'three']);
    expect(got[0][1]).toEqual(client.extra(SocketAttribute.localAddress));
    subscription.unsubscribe();
  });

  it('L1: beyond maxQueuedDatagrams, early datagrams are dropped and counted', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1', maxQueuedDatagrams: 2 }));
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    for (let i = 0; i < 5; i++) await client.send(Buffer.from([i]));
    await waitFor(() => listener.extra(DatagramAttribute.droppedDatagrams) === 3, 'three dropped datagrams');
    expect(listener.extra(DatagramAttribute.queuedDatagrams)).toBe(2);
  });

  it('L2: a second concurrent subscriber errors with BusyResourceError', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const first = listener.serve().subscribe();
    let error: unknown;
    listener.serve().subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toBeInstanceOf(BusyResourceError);
    first.unsubscribe();
  });

  it("L4: 10 000 datagrams from one peer are handled strictly in arrival order with 'global' ordering, whatever each handler's delay", async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    const handled: number[] = [];
    const subscription = listener
      .serve(async (datagram) => {
        await shortDelay();
        handled.push(Number(datagram.toString()));
      })
      .subscribe();
    await sendNumbered([client], 10_000, () => handled.length);
    expect(handled).toEqual([...Array(10_000).keys()]);
    subscription.unsubscribe();
  });

  it("L4: 'per-peer' keeps each peer's order while handlers of different peers overlap", async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const clients = await Promise.all([0, 1, 2].map(() => connectUdp('127.0.0.1', portOf(listener)).then(own)));
    const ports = clients.map((c) => (c.extra(SocketAttribute.localAddress) as InetAddress).port);
    const perPeer = new Map<number, number[]>(ports.map((p) => [p, []]));
    let running = 0;
    let maxRunning = 0;
    let total = 0;
    const subscription = listener
      .serve(
        async (datagram, from) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise<void>((resolve) => setImmediate(resolve));
          await shortDelay();
          perPeer.get(from.port)?.push(Number(datagram.toString()));
          running--;
          total++;
        },
        { ordering: 'per-peer' },
      )
      .subscribe();
    await sendNumbered(clients, 600, () => total);
    for (const port of ports) expect(perPeer.get(port)).toEqual([...Array(600).keys()]);
    expect(maxRunning).toBeGreaterThan(1);
    subscription.unsubscribe();
  });

  it('L3/L4: a handler that throws reports once to onError and the flow goes on', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    const errors: unknown[] = [];
    const seen: string[] = [];
    const subscription = listener
      .serve(
        (datagram) => {
          if (datagram.toString() === 'bad') throw new Error('bad datagram');
          seen.push(datagram.toString());
        },
        { onError: (error) => errors.push(error) },
      )
      .subscribe();
    await client.send(Buffer.from('bad'));
    await client.send(Buffer.from('good'));
    await waitFor(() => seen.length === 1, 'the good datagram');
    expect(seen).toEqual(['good']);
    expect(errors).toHaveLength(1);
    subscription.unsubscribe();
  });

  it('L5: unsubscribing closes the socket at once: the port can be bound again immediately', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const port = portOf(listener);
    listener.serve().subscribe().unsubscribe();
    expect(listener.isClosing()).toBe(true);
    const again = own(await listenUdp({ host: '127.0.0.1', port }));
    expect(portOf(again)).toBe(port);
  });

  it('L6: aclose completes serve()', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    let completed = false;
    listener.serve().subscribe({ complete: () => (completed = true) });
    await listener.aclose();
    expect(completed).toBe(true);
  });

  it('L7: concurrent sendTo calls all arrive; a reply to the address a datagram came from reaches its sender', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    const subscription = listener
      .serve()
      .pipe(concatMap(([d, from]) => listener.sendTo(Buffer.from(d.toString().toUpperCase()), from)))
      .subscribe();
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    await client.send(Buffer.from('echo'));
    expect((await client.recv()).toString()).toBe('ECHO');
    const target = client.extra(SocketAttribute.localAddress) as InetAddress;
    await Promise.all(Array.from({ length: 50 }, (_, i) => listener.sendTo(Buffer.from([i]), target)));
    const got = new Set<number>();
    for (let i = 0; i < 50; i++) got.add((await client.recv())[0]);
    expect(got.size).toBe(50);
    subscription.unsubscribe();
  });

  it('host omitted binds every interface: an IPv4 peer is seen as a plain IPv4 address and can be replied to', async () => {
    const listener = own(await listenUdp());
    const subscription = (listener.serve())
      .pipe(concatMap(([d, from]) => listener.sendTo(Buffer.concat([Buffer.from(`${from.host} `), d]), from)))
      .subscribe();
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    await client.send(Buffer.from('hi'));
    expect((await client.recv()).toString()).toBe('127.0.0.1 hi');
    subscription.unsubscribe();
  });

  it('C8: sendTo rejects bad data and bad addresses clearly, before any I/O', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    await expect(listener.sendTo('text' as never, { host: '127.0.0.1', port: 9 })).rejects.toBeInstanceOf(TypeError);
    await expect(listener.sendTo(Buffer.from('x'), { host: '127.0.0.1', port: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(listener.sendTo(Buffer.from('x'), { host: 'not-an-ip', port: 9 })).rejects.toThrow(/IP address literal/);
    await expect(listener.sendTo(Buffer.from('x'), null as never)).rejects.toBeInstanceOf(TypeError);
    await expect(listener.sendTo(Buffer.alloc(70_000), { host: '127.0.0.1', port: 9 })).rejects.toMatchObject({ code: 'EMSGSIZE' });
  });

  it('C8: binding a port in use rejects EADDRINUSE; bad options reject before binding', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    await expect(listenUdp({ host: '127.0.0.1', port: portOf(listener) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(listenUdp({ port: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(listenUdp({ family: 'IPX' as never })).rejects.toBeInstanceOf(TypeError);
  });

  it('A2: publishes family and local address, and no remote address', async () => {
    const listener = own(await listenUdp({ host: '::1' }));
    expect(listener.extra(SocketAttribute.family)).toBe('IPv6');
    expect(listener.extra(SocketAttribute.localAddress)).toMatchObject({ host: '::1' });
    expect(listener.extra(SocketAttribute.remoteAddress, null)).toBeNull();
  });

  it('O2: receivedDatagrams and handlerErrors count as the listener serves', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1' }));
    let handled = 0;
    listener
      .serve(
        (datagram) => {
          handled++;
          if (datagram[0] === 1) throw new Error('bug');
        },
        { onError: () => undefined },
      )
      .subscribe();
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    for (const byte of [0, 1, 1]) await client.send(Buffer.from([byte]));
    await waitFor(() => handled === 3, 'three datagrams handled');
    expect(listener.extra(DatagramAttribute.receivedDatagrams)).toBe(3);
    expect(listener.extra(ListenerAttribute.handlerErrors)).toBe(2);
  });

  it('D2: serve(handler) with a slow handler holds at most maxQueuedDatagrams waiting; the rest are dropped and counted', async () => {
    const listener = own(await listenUdp({ host: '127.0.0.1', maxQueuedDatagrams: 4 }));
    const handled: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    listener
      .serve(async (datagram) => {
        handled.push(datagram.toString());
        await blocked;
      })
      .subscribe();
    const client = own(await connectUdp('127.0.0.1', portOf(listener)));
    await client.send(Buffer.from('0'));
    await waitFor(() => handled.length === 1, 'the first handler to start');
    for (let i = 1; i <= 10; i++) await client.send(Buffer.from(String(i)));
    await waitFor(() => listener.extra(DatagramAttribute.droppedDatagrams) === 6, '6 datagrams dropped');
    release();
    await waitFor(() => handled.length === 5, 'the 4 queued datagrams handled');
    expect(handled).toEqual(['0', '1', '2', '3', '4']);
  });
});
