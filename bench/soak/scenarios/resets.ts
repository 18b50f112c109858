/**
 * Peer resets: right after connect, in the middle of a request, and in the middle of a TLS
 * handshake, the last over both TLS paths (default mode: Node's TLS over a Duplex of the
 * transport; non-standard: on the socket itself). With the default error sinks nothing is
 * printed (L7), nothing is unhandled, and the server still serves a polite client afterwards.
 */
import { createTestCertificates } from '../../../examples/certificates';
import { echo } from '../../../examples/tcp-echo-server';
import { listenTcp, listenTls, SocketAttribute, type InetAddress } from '../../../src';
import { backToBaseline, exactly, holdings, pool, settledTo, watchOutput, type SoakScenario } from '../soak';
import { clientHello, echoOnce, resetAfter } from './clients';

export const resets: SoakScenario = {
  name: 'resets: peers that reset after connect, mid-request, mid-TLS-handshake',
  async run(quick) {
    const count = quick ? 300 : 2_000;
    const certs = createTestCertificates();
    const hello = await clientHello();
    const output = watchOutput();
    const tcp = await listenTcp({ host: '127.0.0.1' });
    const secure = await listenTls({ host: '127.0.0.1', context: { key: certs.server.key, cert: certs.server.cert } });
    const native = await listenTls({ host: '127.0.0.1', context: { key: certs.server.key, cert: certs.server.cert }, standardCompatible: false });
    const tcpPort = { port: (tcp.extra(SocketAttribute.localAddress) as InetAddress).port };
    const tlsPort = { port: (secure.extra(SocketAttribute.localAddress) as InetAddress).port };
    const nativePort = { port: (native.extra(SocketAttribute.localAddress) as InetAddress).port };
    let servedEnded = 0;
    const subscriptions = [tcp, secure, native].map((listener) => listener.serve(echo).subscribe({ complete: () => servedEnded++, error: () => servedEnded++ }));
    await echoOnce(tcpPort, Buffer.from('warm'));
    const baseline = holdings();

    await pool(count, 32, () => resetAfter(tcpPort));
    await pool(count, 32, () => resetAfter(tcpPort, Buffer.from('GET /index.html HTT')));
    await pool(count, 32, () => resetAfter(tlsPort, hello.subarray(0, hello.length >> 1)));
    await pool(count, 32, () => resetAfter(nativePort, hello.subarray(0, hello.length >> 1)));
    let served = 0;
    await echoOnce(tcpPort, Buffer.from('still there?')).then(() => served++);
    await echoOnce(tlsPort, Buffer.from('and over TLS?'), { ca: certs.ca }).then(() => served++);
    await echoOnce(nativePort, Buffer.from('and on the socket?'), { ca: certs.ca }).then(() => served++);
    const now = await settledTo(baseline, 3);
    const { lines, unhandled } = output.stop();
    for (const subscription of subscriptions) subscription.unsubscribe();
    return [
      exactly(`lines printed after ${4 * count} resets`, lines.length, 0),
      exactly('unhandled rejections and exceptions', unhandled, 0),
      exactly('serve streams that ended', servedEnded, 0),
      exactly('polite clients served afterwards', served, 3),
      ...backToBaseline('after the resets', baseline, now, 3),
    ];
  },
};
