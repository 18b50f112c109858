/** Connected UDP transports over real loopback sockets: the contract on IPv4 and IPv6, then what only UDP shows. */
import * as dgram from 'node:dgram';
import {
  BrokenResourceError,
  connectUdp,
  DatagramAttribute,
  listenUdp,
  SocketAttribute,
  TransportAttribute,
  type InetAddress,
} from '../../src';
import { describeDatagramContract } from '../support/datagram-contract';
import { udp4Kind, udp6Kind } from '../support/datagram-pairs';
import { checkResources, own } from '../support/resources';
import { waitFor } from '../support/wait';

checkResources();
describeDatagramContract(udp4Kind);
describeDatagramContract(udp6Kind);

describe('UDP datagram transport', () => {
  it('D2: 50 000 datagrams to a transport nobody reads leave at most maxQueuedDatagrams queued; dropped + queued = delivered', async () => {
    const limit = 1024;
    const { a, b } = await udp4Kind.open({ maxQueuedDatagrams: limit });
    let delivered = 0;
    (b.extra(SocketAttribute.socket) as dgram.Socket).on('message', () => delivered++);
    const datagram = Buffer.alloc(32);
    for (let i = 0; i < 50_000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, () => a.send(datagram)));
      // Sender and receiver share this event loop: yield an I/O turn so the receiver is polled.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // The invariant holds at every moment; check it once the kernel has handed over what it kept.
    const queued = (): number => b.extra(DatagramAttribute.queuedDatagrams);
    const dropped = (): number => b.extra(DatagramAttribute.droppedDatagrams);
    await waitFor(() => queued() === limit, 'the queue to fill');
    expect(queued() + dropped()).toBe(delivered);
    expect(queued()).toBeLessThanOrEqual(limit);
    expect(delivered).toBeGreaterThan(limit);
  });

  it('C4: an ICMP port-unreachable on the connected socket makes recv reject BrokenResourceError (ECONNREFUSED), sticky', async () => {
    const probe = await listenUdp({ host: '127.0.0.1' });
    const { port } = probe.extra(SocketAttribute.localAddress) as InetAddress;
    await probe.aclose();
    const client = own(await connectUdp('127.0.0.1', port));
    const pending = client.recv();
    await client.send(Buffer.from('anyone?'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenResourceError);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    await expect(client.send(Buffer.from('again'))).rejects.toBeInstanceOf(BrokenResourceError);
    await client.aclose();
    const termination = client.extra(TransportAttribute.termination);
    expect(termination.reason).toBe('peer-reset'); // O1: the path refused, before the local close
    expect((termination.error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('A2: publishes socket, family and both addresses', async () => {
    const { a, b } = await udp6Kind.open();
    expect(a.extra(SocketAttribute.family)).toBe('IPv6');
    expect(a.extra(SocketAttribute.remoteAddress)).toEqual(b.extra(SocketAttribute.localAddress));
    expect((a.extra(SocketAttribute.localAddress) as InetAddress).host).toBe('::1');
    expect(a.extra(SocketAttribute.socket)).toBeInstanceOf(dgram.Socket);
  });

  it('C8: bad connect arguments reject before any socket is opened; a name resolves with family', async () => {
    await expect(connectUdp('127.0.0.1', 0)).rejects.toBeInstanceOf(RangeError);
    await expect(connectUdp('127.0.0.1', 70_000)).rejects.toBeInstanceOf(RangeError);
    await expect(connectUdp('', 53)).rejects.toBeInstanceOf(TypeError);
    await expect(connectUdp('127.0.0.1', 53, { family: 'IPv5' as never })).rejects.toBeInstanceOf(TypeError);
    await expect(connectUdp('127.0.0.1', 53, { localAddress: { host: 'nope', port: 0 } })).rejects.toBeInstanceOf(TypeError);
    await expect(connectUdp('127.0.0.1', 53, { maxQueuedDatagrams: 0 })).rejects.toBeInstanceOf(RangeError);
    const t = own(await connectUdp('localhost', 9, { family: 'IPv4' }));
    expect((t.extra(SocketAttribute.remoteAddress) as InetAddress).host).toBe('127.0.0.1');
  });
});
