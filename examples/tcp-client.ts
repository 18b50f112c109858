/**
 * A TCP client: connect, send a message, half-close, read the reply to EOF. `await using`
 * closes the transport however the block exits (C7).
 *
 *   npx ts-node examples/tcp-client.ts <port> [message] [host]
 */
import { connectTcp } from 'rxnet';

/** Sends `message`, then EOF, and resolves everything the server answered. */
export async function request(host: string, port: number, message: string): Promise<string> {
  await using transport = await connectTcp(host, port, { timeout: 5_000 });
  await transport.sendAll(Buffer.from(message));
  await transport.sendEof();
  const reply: Buffer[] = [];
  for (;;) {
    const chunk = await transport.recv(65536);
    if (chunk.length === 0) break;
    reply.push(chunk);
  }
  return Buffer.concat(reply).toString();
}

if (require.main === module) {
  const [port, message = 'hello, rxnet', host = '127.0.0.1'] = process.argv.slice(2);
  request(host, Number(port), message).then(
    (reply) => console.log(`reply: ${reply}`),
    (error: NodeJS.ErrnoException) => {
      console.error(`request failed: ${error.code ?? error.name}: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
