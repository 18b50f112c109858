/**
 * Graceful shutdown on SIGTERM (P4), the recipe for a service that is deployed by replacing it:
 * stop accepting at once (the port is free for the next instance), give running requests until
 * a deadline, cut what is left, report, exit.
 *
 * Each connection here is a slow request: the server reads one line, works for `workMs`, then
 * answers. Start it, connect, send a line, then `kill -TERM <pid>`:
 *
 *   npx ts-node examples/graceful-shutdown.ts [port] [workMs] [drainMs]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { listenTcp, SocketAttribute, type AsyncStreamTransport, type DrainOutcome, type InetAddress } from 'rxnet';

/** Reads one line (up to 1 KiB), answers it after `workMs` of pretend work. */
async function slowRequest(transport: AsyncStreamTransport, workMs: number): Promise<void> {
  const { host, port } = transport.extra(SocketAttribute.remoteAddress) as InetAddress;
  console.log(`connection from ${host}:${port}`);
  let request = Buffer.alloc(0);
  while (!request.includes(0x0a) && request.length < 1024) {
    const chunk = await transport.recv(1024);
    if (chunk.length === 0) return;
    request = Buffer.concat([request, chunk]);
  }
  await sleep(workMs);
  await transport.sendAll(Buffer.from(`done: ${request.toString().trim()}\n`));
}

/** Serves until `stop` aborts, then drains for `drainMs`; resolves with the drain's outcome. */
export async function serveUntilStopped(options: {
  port?: number;
  workMs: number;
  drainMs: number;
  stop: AbortSignal;
  onListening?: (address: InetAddress) => void;
}): Promise<DrainOutcome> {
  const listener = await listenTcp({ host: '127.0.0.1', port: options.port ?? 0 });
  options.onListening?.(listener.extra(SocketAttribute.localAddress) as InetAddress);
  return new Promise<DrainOutcome>((resolve, reject) => {
    let outcome: DrainOutcome = { finished: 0, cut: 0, unstarted: 0 };
    listener
      .serve((t) => slowRequest(t, options.workMs), {
        signal: options.stop,
        drainTimeout: options.drainMs,
        onDrained: (drained) => (outcome = drained),
      })
      .subscribe({ complete: () => resolve(outcome), error: reject });
  });
}

if (require.main === module) {
  const [port = 0, workMs = 1_000, drainMs = 5_000] = process.argv.slice(2).map(Number);
  const stop = new AbortController();
  process.once('SIGTERM', () => {
    stop.abort(); // the port is free when this returns
    console.log('SIGTERM: no longer accepting; draining');
  });
  void serveUntilStopped({
    port,
    workMs,
    drainMs,
    stop: stop.signal,
    onListening: (address) => console.log(`listening on port ${address.port}`),
  }).then(({ finished, cut, unstarted }) => {
    console.log(`drained: ${finished} finished, ${cut} cut, ${unstarted} unstarted`);
    process.exit(0);
  });
}
