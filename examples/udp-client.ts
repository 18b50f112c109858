/**
 * A UDP client: send a datagram, wait for the answer, retry on silence. UDP may lose a
 * datagram, so every wait is bounded: RxJS `timeout` over the transport's primitive read,
 * and `retry` to send again.
 *
 *   npx ts-node examples/udp-client.ts <port> [message] [host]
 */
import { defer, firstValueFrom, retry, switchMap, timeout } from 'rxjs';
import { connectUdp } from 'rxnet';

/** Sends `message` until an answer comes (up to `attempts` tries of `waitMs` each) and resolves it. */
export async function askUdp(host: string, port: number, message: string, waitMs = 1_000, attempts = 3): Promise<string> {
  await using transport = await connectUdp(host, port);
  const answer$ = defer(() => transport.send(Buffer.from(message))).pipe(
    switchMap(() => transport.recv$()),
    timeout(waitMs),
    retry(attempts - 1),
  );
  return (await firstValueFrom(answer$)).toString();
}

if (require.main === module) {
  const [port, message = 'hello over UDP', host = '127.0.0.1'] = process.argv.slice(2);
  askUdp(host, Number(port), message).then(
    (answer) => console.log(`answer: ${answer}`),
    (error: Error) => {
      console.error(`no answer: ${error.name}: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
