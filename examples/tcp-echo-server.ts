/**
 * A TCP echo server: `serve(handler)` runs one handler per connection, concurrently; each
 * handler echoes until the client's EOF, and the connection is closed when it returns.
 *
 *   npx ts-node examples/tcp-echo-server.ts [port]
 */
import { listenTcp, SocketAttribute, type AsyncListener, type AsyncStreamTransport, type InetAddress } from 'rxnet';

/** Echoes everything it receives until EOF. */
export async function echo(transport: AsyncStreamTransport): Promise<void> {
  for (;;) {
    const chunk = await transport.recv(65536);
    if (chunk.length === 0) return;
    await transport.sendAll(chunk);
  }
}

/** Starts an echo server; `stop()` unsubscribes, which closes the listener and its connections (L5). */
export async function startEchoServer(options: { host?: string; port?: number } = {}): Promise<{
  listener: AsyncListener<AsyncStreamTransport>;
  address: InetAddress;
  stop: () => void;
}> {
  const listener = await listenTcp(options);
  const subscription = listener.serve(echo).subscribe();
  const address = listener.extra(SocketAttribute.localAddress) as InetAddress;
  return { listener, address, stop: () => subscription.unsubscribe() };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? 0);
  void startEchoServer({ port }).then(({ address, stop }) => {
    console.log(`echo server listening on port ${address.port}; Ctrl-C to stop`);
    process.once('SIGINT', stop);
  });
}
