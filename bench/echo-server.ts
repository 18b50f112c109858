/** The rxnet echo server of the ping-pong and echo scenarios: `serve(handler)`, `recv` then `sendAll`. */
import type { Subscription } from 'rxjs';
import { listenTcp, SocketAttribute, type InetAddress } from '../src';

/** Listens on an ephemeral loopback port; unsubscribe to stop (L5 closes every connection). */
export async function rxnetEchoServer(): Promise<{ port: number; subscription: Subscription }> {
  const listener = await listenTcp({ host: '127.0.0.1' });
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const subscription = listener
    .serve(async (t) => {
      for (let chunk = await t.recv(65536); chunk.length > 0; chunk = await t.recv(65536)) await t.sendAll(chunk);
    })
    .subscribe();
  return { port, subscription };
}
