/**
 * Helper process of the EMFILE scenario, started under a low descriptor limit (`prlimit`): an
 * rxnet echo server that reports its port over IPC, then answers 'status' with what it saw:
 * whether `serve` ended, how many lines it printed, how many connections it accepted.
 */
import { echo } from '../../examples/tcp-echo-server';
import { listenTcp, ListenerAttribute, SocketAttribute, type InetAddress } from '../../src';

async function main(): Promise<void> {
  const lines: string[] = [];
  console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  let serveEnded = false;
  const listener = await listenTcp({ host: '127.0.0.1' });
  listener.serve(echo).subscribe({ complete: () => (serveEnded = true), error: () => (serveEnded = true) });
  process.send?.((listener.extra(SocketAttribute.localAddress) as InetAddress).port);
  process.on('message', () => {
    process.send?.({ serveEnded, lines, accepted: listener.extra(ListenerAttribute.acceptedConnections) });
  });
}

void main();
