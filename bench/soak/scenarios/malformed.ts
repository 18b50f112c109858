/**
 * Malformed input: random bytes, a truncated ClientHello and plain HTTP sent to a TLS port each
 * go to `handshakeErrorHandler` once and never end `serve`; a 10 MiB line into
 * `decodeLines({ maxLineLength })` and a length header claiming 4 GiB fail with
 * `FrameTooLargeError` before the frame is buffered or allocated.
 */
import { randomBytes } from 'node:crypto';
import { from, lastValueFrom, map, range, tap } from 'rxjs';
import { createTestCertificates } from '../../../examples/certificates';
import { echo } from '../../../examples/tcp-echo-server';
import { decodeLengthPrefixed, decodeLines, FrameTooLargeError, listenTls, SocketAttribute, type InetAddress } from '../../../src';
import { atMost, buffersAfterGc, exactly, pool, type SoakScenario } from '../soak';
import { clientHello, echoOnce, sendAndEnd } from './clients';

const MiB = 1024 * 1024;

/** Feeds `chunks` through `operator`; returns the error and how many bytes were pulled before it. */
async function refusedAfter(source$: ReturnType<typeof range>, chunk: Buffer, operator: ReturnType<typeof decodeLines>): Promise<{ error: unknown; pulled: number; grew: number }> {
  let pulled = 0;
  const before = buffersAfterGc();
  let peak = 0;
  const error = await lastValueFrom(
    source$.pipe(
      map(() => chunk),
      tap((bytes) => {
        pulled += bytes.length;
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }),
      operator,
    ),
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, pulled, grew: peak };
}

export const malformed: SoakScenario = {
  name: 'malformed input: garbage to a TLS port, oversized frames',
  nodeFlags: ['--expose-gc'],
  async run(quick) {
    const each = quick ? 50 : 300;
    const certs = createTestCertificates();
    const hello = await clientHello();
    const listener = await listenTls({
      host: '127.0.0.1',
      context: { key: certs.server.key, cert: certs.server.cert },
      handshakeErrorHandler: () => void handshakeErrors++,
    });
    let handshakeErrors = 0;
    let serveEnded = 0;
    const target = { port: (listener.extra(SocketAttribute.localAddress) as InetAddress).port };
    const subscription = listener.serve(echo).subscribe({ complete: () => serveEnded++, error: () => serveEnded++ });
    const garbage = [
      () => randomBytes(1024),
      () => hello.subarray(0, 40),
      () => Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'),
    ];
    for (const make of garbage) await pool(each, 16, () => sendAndEnd(target, make()));
    let served = 0;
    await echoOnce(target, Buffer.from('a real client'), { ca: certs.ca }).then(() => void served++);
    subscription.unsubscribe();

    // 10 MiB of one line in 64 KiB chunks, against a 64 KiB limit.
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const line = await refusedAfter(range(0, 160), chunk, decodeLines({ maxLineLength: 64 * 1024 }));
    // A header that claims 4 GiB - 1 bytes, followed by 1 MiB of data.
    const header = Buffer.from([0xff, 0xff, 0xff, 0xff]);
    let lengthError: unknown;
    const headerBefore = buffersAfterGc();
    await lastValueFrom(from([header, Buffer.alloc(MiB)]).pipe(decodeLengthPrefixed({ maxFrameLength: MiB }))).catch((e: unknown) => (lengthError = e));
    const headerGrew = process.memoryUsage().arrayBuffers - headerBefore;

    return [
      exactly(`handshake errors for ${3 * each} garbage connections`, handshakeErrors, 3 * each),
      exactly('serve streams that ended', serveEnded, 0),
      exactly('real clients served afterwards', served, 1),
      exactly('decodeLines: refused with FrameTooLargeError', Number(line.error instanceof FrameTooLargeError), 1),
      atMost('decodeLines: bytes pulled before the refusal', line.pulled / 1024, 64 + 64, 'KiB'),
      atMost('decodeLines: Buffer growth before the refusal', Math.round(line.grew / 1024), 2 * 1024, 'KiB'),
      exactly('decodeLengthPrefixed: a 4 GiB header refused with FrameTooLargeError', Number(lengthError instanceof FrameTooLargeError), 1),
      atMost('decodeLengthPrefixed: Buffer growth', Math.round(headerGrew / 1024), 2 * 1024, 'KiB'),
    ];
  },
};
