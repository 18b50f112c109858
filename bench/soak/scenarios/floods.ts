/**
 * Floods that used to cost memory without bound:
 * - accept flood: thousands of clients each send 64 KiB to a server whose 10 handlers are busy;
 *   the waiting connections read nothing (P1), so Buffer memory stays near 10 × highWaterMark;
 * - unread input: 64 MiB offered to a transport that is never read; Buffer memory stays near
 *   one highWaterMark (S6).
 * The clients run in other processes, so what is measured is the server's memory alone.
 */
import { once } from 'node:events';
import { connectTcp, listenTcp, ListenerAttribute, SocketAttribute, StreamAttribute, type InetAddress } from '../../../src';
import { forkHelper } from '../../scenario';
import { atMost, buffersAfterGc, exactly, until, type SoakScenario } from '../soak';

const KiB = 1024;
const MiB = 1024 * KiB;
const HIGH_WATER_MARK = 256 * KiB;

export const floods: SoakScenario = {
  name: 'floods: accept flood behind busy handlers, unread input',
  nodeFlags: ['--expose-gc'],
  async run(quick) {
    const clients = quick ? 500 : 3_000;
    const handlers = 10;

    // Accept flood.
    const listener = await listenTcp({ host: '127.0.0.1', backlog: 4096 });
    const port = (listener.extra(SocketAttribute.localAddress) as InetAddress).port;
    let release!: () => void;
    const busy = new Promise<void>((resolve) => (release = resolve));
    const subscription = listener.serve(() => busy, { concurrency: handlers }).subscribe();
    const before = buffersAfterGc();
    const flood = forkHelper('hold-connections', [String(port), String(clients), String(64 * KiB)]);
    await once(flood, 'message');
    const accepted = await until(() => listener.extra(ListenerAttribute.acceptedConnections), clients, 30_000);
    // Let the sockets deliver what they were sent, if anything were reading it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const floodGrowth = buffersAfterGc() - before;
    flood.send('close');
    await once(flood, 'exit');
    release();
    subscription.unsubscribe();

    // Unread input: a handler that never reads, a peer that writes 64 MiB.
    const writer = forkHelper('fast-writer', [String(64 * MiB)]);
    const [writerPort] = (await once(writer, 'message')) as [number];
    const unreadBefore = buffersAfterGc();
    const transport = await connectTcp('127.0.0.1', writerPort);
    // The writer blocks once the kernel's buffers and ours are full: wait for three samples alike.
    const samples: number[] = [];
    while (samples.length < 3 || new Set(samples.slice(-3)).size > 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      samples.push(transport.extra(StreamAttribute.bufferedBytes));
      if (samples.length > 100) break;
    }
    const unreadGrowth = buffersAfterGc() - unreadBefore;
    await transport.aclose({ signal: AbortSignal.abort() }).catch(() => undefined);
    writer.kill();

    return [
      exactly(`accept flood: connections accepted`, accepted, clients),
      atMost(`accept flood: Buffer growth, ${clients} clients × 64 KiB, ${handlers} handlers`, Math.round(floodGrowth / KiB), Math.round((handlers * (HIGH_WATER_MARK + 64 * KiB) + 2 * MiB) / KiB), 'KiB'),
      atMost('unread input: Buffer growth, 64 MiB offered, never read', Math.round(unreadGrowth / KiB), Math.round((HIGH_WATER_MARK + 2 * MiB) / KiB), 'KiB'),
    ];
  },
};
