/**
 * `npm run demo`: an echo server on an ephemeral port, three clients talking to it at once,
 * and a tour of what rxnet guarantees, printed as it happens. Needs nothing but Node.
 */
import { BusyResourceError, connectTcp, ClosedResourceError } from 'rxnet';
import { request } from './tcp-client';
import { startEchoServer } from './tcp-echo-server';

async function main(): Promise<void> {
  const server = await startEchoServer({ host: '127.0.0.1' });
  const { port } = server.address;
  console.log(`echo server listening on 127.0.0.1:${port} (serve(handler), one handler per connection)`);

  const replies = await Promise.all(['alpha', 'beta', 'gamma'].map((word) => request('127.0.0.1', port, word)));
  replies.forEach((reply, i) => console.log(`client ${i + 1} got its echo back: ${JSON.stringify(reply)}`));

  const client = await connectTcp('127.0.0.1', port);
  const pending = client.recv(10);
  const busy = await client.recv(10).catch((error: unknown) => error);
  console.log(`a second concurrent recv is refused: ${busy instanceof BusyResourceError ? busy.code : String(busy)}`);
  await client.sendAll(Buffer.from('ping'));
  console.log(`the first recv still gets its bytes: ${JSON.stringify((await pending).toString())}`);
  await client.aclose();
  const closed = await client.recv(10).catch((error: unknown) => error);
  console.log(`after aclose every operation rejects: ${closed instanceof ClosedResourceError ? closed.code : String(closed)}`);

  server.stop();
  const refused = await connectTcp('127.0.0.1', port).catch((error: NodeJS.ErrnoException) => error);
  console.log(`after unsubscribing from serve the port is closed: ${(refused as NodeJS.ErrnoException).code}`);
  console.log('demo finished');
}

main().catch((error: unknown) => {
  console.error('demo failed:', error);
  process.exitCode = 1;
});
