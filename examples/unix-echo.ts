/**
 * An echo round trip over a Unix socket: the same transports and listeners as TCP, addressed
 * by a path. The listener removes its socket file when it closes.
 *
 *   npx ts-node examples/unix-echo.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectUnix, listenUnix } from 'rxnet';
import { echo } from './tcp-echo-server';

/** Serves echo at `path`, sends `message` through it, and resolves the reply. */
export async function unixRoundTrip(path: string, message: string): Promise<string> {
  const listener = await listenUnix(path);
  const subscription = listener.serve(echo).subscribe();
  try {
    await using client = await connectUnix(path);
    await client.sendAll(Buffer.from(message));
    await client.sendEof();
    const reply: Buffer[] = [];
    for (let chunk = await client.recv(4096); chunk.length > 0; chunk = await client.recv(4096)) reply.push(chunk);
    return Buffer.concat(reply).toString();
  } finally {
    subscription.unsubscribe();
  }
}

if (require.main === module) {
  const dir = mkdtempSync(join(tmpdir(), 'rxnet-unix-'));
  void unixRoundTrip(join(dir, 'echo.sock'), 'over a unix socket')
    .then(
      (reply) => console.log(`reply: ${reply}`),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    )
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}
