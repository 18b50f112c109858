/**
 * STARTTLS done safely: a line protocol (SMTP-like) that starts in plaintext and upgrades to
 * TLS on `STARTTLS`, on both sides, through `startTls`.
 *
 *   server: 200 ready            client: HELLO
 *   server: 250 HELLO (plain)    client: STARTTLS
 *   server: 220 go ahead         (both sides handshake)
 *   client: HELLO                server: 250 HELLO (tls)
 *   client: QUIT                 server: 221 bye
 *
 * The injection hole: a client (or a man in the middle) sends `STARTTLS\r\nEVIL\r\n` in one go;
 * a naive server upgrades and then reads `EVIL` as if it had come over TLS. Here command lines
 * are read byte by byte, so nothing past the command leaves the transport, and `startTls`
 * refuses (ERR_STARTTLS_PLAINTEXT_BUFFERED) when anything is waiting there.
 *
 *   npx ts-node examples/starttls.ts
 */
import {
  connectTcp,
  listenTcp,
  SocketAttribute,
  startTls,
  StartTlsPlaintextBufferedError,
  type AsyncListener,
  type AsyncStreamTransport,
  type InetAddress,
  type TLSContext,
} from 'rxnet';
import { createTestCertificates } from './certificates';

/** Reads one CRLF-terminated line, one byte at a time, so nothing after it is consumed. */
export async function readLine(transport: AsyncStreamTransport): Promise<string> {
  const bytes: number[] = [];
  for (;;) {
    const byte = await transport.recv(1);
    if (byte.length === 0) throw new Error('connection closed in the middle of a line');
    if (byte[0] === 0x0a) return Buffer.from(bytes).toString().replace(/\r$/, '');
    bytes.push(byte[0]);
  }
}

async function writeLine(transport: AsyncStreamTransport, line: string): Promise<void> {
  await transport.sendAll(Buffer.from(`${line}\r\n`));
}

/** One connection of the server's protocol. */
async function serveConnection(plain: AsyncStreamTransport, context: TLSContext): Promise<void> {
  let transport = plain;
  let secured = false;
  await writeLine(transport, '200 ready');
  for (;;) {
    const line = await readLine(transport);
    if (line === 'QUIT') {
      await writeLine(transport, '221 bye');
      break;
    }
    if (line === 'STARTTLS' && !secured) {
      try {
        transport = await startTls(transport, context, { goAhead: '220 go ahead\r\n' });
        secured = true;
      } catch (error) {
        if (!(error instanceof StartTlsPlaintextBufferedError)) throw error;
        await writeLine(transport, '454 plaintext after STARTTLS refused');
        break;
      }
      continue;
    }
    await writeLine(transport, `250 ${line} (${secured ? 'tls' : 'plain'})`);
  }
  await transport.aclose();
}

/** Serves the protocol on `listener` until the returned function is called. */
export function serveStartTls(listener: AsyncListener<AsyncStreamTransport>, context: TLSContext): () => void {
  const subscription = listener.serve((transport) => serveConnection(transport, context)).subscribe();
  return () => subscription.unsubscribe();
}

/** Runs the client's side of the protocol and returns the server's replies. */
export async function startTlsClient(port: number, context: TLSContext): Promise<string[]> {
  const replies: string[] = [];
  let transport = await connectTcp('127.0.0.1', port);
  try {
    replies.push(await readLine(transport));
    await writeLine(transport, 'HELLO');
    replies.push(await readLine(transport));
    await writeLine(transport, 'STARTTLS');
    replies.push(await readLine(transport));
    transport = await startTls(transport, context, { serverHostname: 'localhost' });
    await writeLine(transport, 'HELLO');
    replies.push(await readLine(transport));
    await writeLine(transport, 'QUIT');
    replies.push(await readLine(transport));
    return replies;
  } finally {
    await transport.aclose();
  }
}

if (require.main === module) {
  void (async () => {
    const certs = createTestCertificates();
    const listener = await listenTcp({ host: '127.0.0.1' });
    const stop = serveStartTls(listener, { key: certs.server.key, cert: certs.server.cert });
    const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
    for (const reply of await startTlsClient(port, { ca: certs.ca })) console.log(`server: ${reply}`);
    stop();
  })();
}
