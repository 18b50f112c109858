/**
 * Every core serving one port: N worker processes each bind the same TCP port with `reusePort`
 * (SO_REUSEPORT; Node 22.12+), and the kernel spreads connections between them. The primary
 * starts the workers, restarts one that dies, and stops them all on SIGINT/SIGTERM. Each worker
 * echoes one line per connection, prefixed with its pid, so you can see who answered.
 *
 *   npx ts-node examples/multi-core.ts [port] [workers]
 *   printf 'hello\n' | nc 127.0.0.1 <port>      # "worker 12345: hello"
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { listenTcp, SocketAttribute, type AsyncStreamTransport, type InetAddress } from 'rxnet';

/** Worker: binds `port` with reusePort, tells the primary the port, answers one line per connection. */
async function worker(port: number): Promise<void> {
  const listener = await listenTcp({ host: '127.0.0.1', port, reusePort: true });
  const answer = async (t: AsyncStreamTransport): Promise<void> => {
    let line = Buffer.alloc(0);
    while (!line.includes(0x0a)) {
      const chunk = await t.recv(1024);
      if (chunk.length === 0) return;
      line = Buffer.concat([line, chunk]);
    }
    await t.sendAll(Buffer.from(`worker ${process.pid}: ${line.toString().trim()}\n`));
  };
  listener.serve(answer).subscribe();
  process.send?.({ listening: (listener.extra(SocketAttribute.localAddress) as InetAddress).port });
  process.once('disconnect', () => void listener.aclose().then(() => process.exit(0)));
}

/** Primary: the first worker picks the port (0: any free one), the others join it; a dead one is replaced. */
export function startWorkers(options: {
  port: number;
  workers: number;
  onListening?: (pid: number, port: number) => void;
  onRestart?: (deadPid: number) => void;
}): { stop(): void } {
  const children = new Set<ChildProcess>();
  let port = options.port;
  let stopping = false;
  const spawnWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const child = fork(__filename, ['--worker', String(port)], { execArgv: process.execArgv });
      children.add(child);
      child.once('message', (message: { listening: number }) => {
        port = message.listening;
        options.onListening?.(child.pid as number, port);
        resolve();
      });
      child.once('exit', () => {
        children.delete(child);
        if (stopping) return;
        options.onRestart?.(child.pid as number);
        void spawnWorker();
      });
    });
  void (async () => {
    await spawnWorker(); // fixes the port when it was 0
    for (let i = 1; i < options.workers; i++) await spawnWorker();
  })();
  return {
    stop() {
      stopping = true;
      for (const child of children) child.disconnect();
    },
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--worker') {
    void worker(Number(args[1]));
  } else {
    const [port = 0, workers = availableParallelism()] = args.map(Number);
    const primary = startWorkers({
      port,
      workers,
      onListening: (pid, bound) => console.log(`worker ${pid} listening on port ${bound}`),
      onRestart: (pid) => console.log(`worker ${pid} died; starting another`),
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => primary.stop());
  }
}
