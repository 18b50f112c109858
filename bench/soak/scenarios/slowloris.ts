/**
 * Slowloris on TLS: hundreds of clients that connect and stay silent, or trickle a ClientHello
 * one byte at a time, against `handshakeTimeout`, while polite clients are served. The server
 * closes every slow socket itself, prints nothing, and serves the polite ones meanwhile.
 */
import { createTestCertificates } from '../../../examples/certificates';
import { echo } from '../../../examples/tcp-echo-server';
import { listenTls, ListenerAttribute, SocketAttribute, type InetAddress } from '../../../src';
import { atMost, exactly, pool, until, watchOutput, type SoakScenario } from '../soak';
import { clientHello, echoOnce, slowClient } from './clients';

export const slowloris: SoakScenario = {
  name: 'slowloris: silent and trickling TLS clients against handshakeTimeout',
  async run(quick) {
    const silent = quick ? 150 : 500;
    const trickling = quick ? 50 : 200;
    const polite = quick ? 50 : 200;
    const handshakeTimeout = quick ? 1_000 : 3_000;
    const certs = createTestCertificates();
    const hello = await clientHello();
    const output = watchOutput();
    const listener = await listenTls({ host: '127.0.0.1', context: { key: certs.server.key, cert: certs.server.cert }, handshakeTimeout });
    const target = { port: (listener.extra(SocketAttribute.localAddress) as InetAddress).port };
    const subscription = listener.serve(echo).subscribe();

    const started = Date.now();
    let closedByServer = 0;
    const slow = [
      ...Array.from({ length: silent }, () => slowClient(target, undefined, 0)),
      ...Array.from({ length: trickling }, () => slowClient(target, hello, 100)),
    ].map((closed) => closed.then(() => void closedByServer++));
    let served = 0;
    await pool(polite, 10, () => echoOnce(target, Buffer.from('hello'), { ca: certs.ca }).then(() => void served++));
    const politeSeconds = (Date.now() - started) / 1000;
    await Promise.all(slow);
    const allClosedAfter = (Date.now() - started) / 1000;
    // The server's own sockets finish closing a few turns after the clients saw it.
    const open = await until(() => listener.extra(ListenerAttribute.openConnections), 0, 5_000);
    const { lines, unhandled } = output.stop();
    subscription.unsubscribe();
    return [
      exactly('polite clients served during the attack', served, polite),
      atMost('time the polite clients took', Number(politeSeconds.toFixed(1)), handshakeTimeout / 1000 + 5, 's'),
      exactly('slow clients closed by the server', closedByServer, silent + trickling),
      atMost('last slow client closed after', Number(allClosedAfter.toFixed(1)), (2 * handshakeTimeout) / 1000 + 5, 's'),
      exactly('connections the listener still holds', open, 0),
      exactly('lines printed', lines.length, 0),
      exactly('unhandled rejections and exceptions', unhandled, 0),
    ];
  },
};
