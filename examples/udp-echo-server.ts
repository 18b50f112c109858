/**
 * A UDP echo server: `serve(handler, { ordering: 'per-peer' })` answers each peer's datagrams
 * in the order that peer sent them, while different peers are served concurrently.
 *
 *   npx ts-node examples/udp-echo-server.ts [port]
 */
import { listenUdp, SocketAttribute, type AsyncDatagramListener, type InetAddress } from 'rxnet';

/** Starts the server; `stop()` unsubscribes, which closes the socket at once (L5). */
export async function startUdpEchoServer(options: { host?: string; port?: number } = {}): Promise<{
  listener: AsyncDatagramListener<InetAddress>;
  address: InetAddress;
  stop: () => void;
}> {
  const listener = await listenUdp(options);
  const subscription = listener
    .serve((datagram, from) => listener.sendTo(datagram, from), { ordering: 'per-peer' })
    .subscribe();
  const address = listener.extra(SocketAttribute.localAddress) as InetAddress;
  return { listener, address, stop: () => subscription.unsubscribe() };
}

if (require.main === module) {
  void startUdpEchoServer({ port: Number(process.argv[2] ?? 0) }).then(({ address, stop }) => {
    console.log(`UDP echo server on port ${address.port}; Ctrl-C to stop`);
    process.once('SIGINT', stop);
  });
}
