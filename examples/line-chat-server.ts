/**
 * A line chat over TCP: each user is greeted (`welcome userN`: from then on they hear everyone),
 * each line a user sends is broadcast to every other user (through a Subject), and a user
 * silent for `idleTimeout` ms is disconnected. The whole protocol is RxJS
 * operators over `chunks`/`sendAllTo`, so it runs the same over sockets and over the marble kit
 * (`__tests__/examples/line-chat-server.marble.test.ts` tests it in virtual time).
 *
 *   npx ts-node examples/line-chat-server.ts [port]     then: nc 127.0.0.1 <port>
 */
import { concat, endWith, EMPTY, filter, ignoreElements, map, merge, of, share, Subject, takeUntil, tap, timeout, type Observable } from 'rxjs';
import { chunks, decodeLines, encodeLines, listenTcp, sendAllTo, SocketAttribute, type AsyncListener, type AsyncStreamTransport, type InetAddress } from 'rxnet';

/** Serves the chat on `listener`; the returned Observable runs it (unsubscribe to stop). */
export function chatServer(listener: AsyncListener<AsyncStreamTransport>, options: { idleTimeout?: number } = {}): Observable<never> {
  const { idleTimeout = 300_000 } = options;
  const said$ = new Subject<{ from: string; text: string }>();
  let users = 0;
  return listener.serve((transport) => {
    const name = `user${++users}`;
    // This user's lines; silence for idleTimeout ends them (and so the connection).
    const mine$ = chunks(transport).pipe(decodeLines(), timeout({ each: idleTimeout, with: () => EMPTY }), share());
    const ended$ = mine$.pipe(ignoreElements(), endWith(true));
    const others$ = said$.pipe(
      filter((message) => message.from !== name),
      map((message) => `${message.from}: ${message.text}`),
      takeUntil(ended$),
    );
    return merge(
      mine$.pipe(
        tap((text) => said$.next({ from: name, text })),
        ignoreElements(),
      ),
      concat(of(`welcome ${name}`), others$).pipe(encodeLines(), sendAllTo(transport)),
    );
  });
}

if (require.main === module) {
  void listenTcp({ port: Number(process.argv[2] ?? 0) }).then((listener) => {
    const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
    console.log(`chat on port ${port}; connect with: nc 127.0.0.1 ${port}`);
    const subscription = chatServer(listener).subscribe();
    process.once('SIGINT', () => subscription.unsubscribe());
  });
}
