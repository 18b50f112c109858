/** Connected datagram transport pairs of every kind, for the datagram contract suite. */
import {
  connectUdp,
  createMemoryDatagramPair,
  listenUdp,
  SocketAttribute,
  type AsyncDatagramTransport,
  type InetAddress,
} from '../../src';
import { own } from './resources';

export interface DatagramPair {
  readonly a: AsyncDatagramTransport;
  readonly b: AsyncDatagramTransport;
}

/** One kind of datagram transport, as the generic contract suite sees it. */
export interface DatagramKind {
  readonly name: string;
  open(options?: { maxQueuedDatagrams?: number }): Promise<DatagramPair>;
}

/** A UDP port free right now on `host` (bound, read, released). */
async function freeUdpPort(host: string): Promise<number> {
  const probe = await listenUdp({ host });
  const { port } = probe.extra(SocketAttribute.localAddress) as InetAddress;
  await probe.aclose();
  return port;
}

/** Two UDP sockets connected to each other on `host`. */
function udpKind(name: string, host: string): DatagramKind {
  return {
    name,
    async open(options = {}) {
      const portA = await freeUdpPort(host);
      const b = own(await connectUdp(host, portA, { localAddress: { host, port: 0 }, ...options }));
      const portB = (b.extra(SocketAttribute.localAddress) as InetAddress).port;
      const a = own(await connectUdp(host, portB, { localAddress: { host, port: portA }, ...options }));
      return { a, b };
    },
  };
}

export const udp4Kind = udpKind('UDP over 127.0.0.1', '127.0.0.1');
export const udp6Kind = udpKind('UDP over ::1', '::1');

export const memoryDatagramKind: DatagramKind = {
  name: 'memory',
  async open(options = {}) {
    const [a, b] = createMemoryDatagramPair(options);
    return { a: own(a), b: own(b) };
  },
};
