/**
 * TLS over a child process's standard input and output: the parent spawns itself as a child,
 * and both sides make a stapled transport of the pipes (`stdioTransport`) and wrap it in TLS.
 * The child upper-cases every line it receives. No socket is involved.
 *
 *   npx ts-node examples/stdio-tls.ts
 */
import { spawn } from 'node:child_process';
import type * as net from 'node:net';
import { AsyncTLSStreamTransport, chunks, decodeLines, encodeLines, sendAllTo, stdioTransport } from 'rxnet';
import { firstValueFrom, map, take, toArray } from 'rxjs';
import { createTestCertificates } from './certificates';

/** The child: TLS server over its own stdin/stdout, upper-casing lines until EOF. */
async function child(): Promise<void> {
  const server = await AsyncTLSStreamTransport.wrap(stdioTransport(), {
    key: process.env.RXNET_KEY as string,
    cert: process.env.RXNET_CERT as string,
  });
  await new Promise<void>((resolve, reject) =>
    chunks(server)
      .pipe(decodeLines(), map((line) => line.toUpperCase()), encodeLines(), sendAllTo(server))
      .subscribe({ complete: resolve, error: reject }),
  );
  await server.aclose();
}

/** The parent: spawns the child, talks TLS to it over the pipes, returns its replies. */
export async function talkToChild(lines: string[]): Promise<string[]> {
  const certs = createTestCertificates();
  const proc = spawn(process.execPath, ['--conditions=rxnet-source', require.resolve('ts-node/dist/bin'), __filename, '--child'], {
    env: { ...process.env, RXNET_KEY: certs.server.key, RXNET_CERT: certs.server.cert },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let childErrors = '';
  proc.stderr?.on('data', (chunk: Buffer) => (childErrors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const pipes = stdioTransport({ input: proc.stdout as net.Socket, output: proc.stdin as net.Socket });
  const client = await AsyncTLSStreamTransport.wrap(pipes, { ca: certs.ca }, { serverHostname: 'localhost' });
  // One reply per line: `take` ends the reading (taking nothing more) before the close.
  const replies = firstValueFrom(chunks(client).pipe(decodeLines(), take(lines.length), toArray()));
  for (const line of lines) await client.sendAll(Buffer.from(`${line}\n`));
  const answered = await replies;
  await client.aclose(); // close_notify: the child's line stream ends, and it closes too
  if ((await exited) !== 0) throw new Error(`the child failed: ${childErrors}`);
  return answered;
}

if (process.argv.includes('--child')) {
  child().catch((error: unknown) => {
    console.error('child failed:', error);
    process.exitCode = 1;
  });
} else if (require.main === module) {
  void talkToChild(['hello over pipes', 'and over TLS']).then((replies) => replies.forEach((r) => console.log(`child: ${r}`)));
}
