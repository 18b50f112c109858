/** examples/metrics.ts: Prometheus counters from diagnostics_channel, after real connections, failed handshakes and resets (O2). */
import * as net from 'node:net';
import { once } from 'node:events';
import { connectTls, listenTls, SocketAttribute, type InetAddress } from '../../src';
import { collectMetrics } from '../../examples/metrics';
import { echo } from '../../examples/tcp-echo-server';
import { readExactly } from '../support/bytes';
import { checkResources, own } from '../support/resources';
import { tlsFixtures } from '../support/tls-fixtures';
import { waitFor } from '../support/wait';

checkResources();
const fixtures = tlsFixtures();

it('counts connections, handshakes (with a duration histogram), closes by reason, and renders the text format', async () => {
  const metrics = collectMetrics();
  try {
    const server = own(await listenTls({ host: '127.0.0.1', context: fixtures.server, handshakeErrorHandler: () => undefined }));
    let ended = 0;
    server.serve((t) => echo(t).finally(() => void ended++), { onError: () => undefined }).subscribe();
    const port = (server.extra(SocketAttribute.localAddress) as InetAddress).port;

    for (let i = 0; i < 3; i++) {
      const client = own(await connectTls('127.0.0.1', port, fixtures.client, { serverHostname: 'localhost' }));
      await client.sendAll(Buffer.from('ping'));
      await readExactly(client, 4);
      await client.aclose();
    }
    for (const data of ['garbage, not a ClientHello', 'GET / HTTP/1.1\r\n\r\n']) {
      const bad = net.connect(port, '127.0.0.1');
      bad.on('error', () => undefined);
      await once(bad, 'connect');
      bad.end(data);
      await once(bad, 'close');
    }
    const rude = net.connect(port, '127.0.0.1');
    rude.on('error', () => undefined);
    await once(rude, 'connect');
    rude.resetAndDestroy();
    await waitFor(() => /result="handshake-failed"\} 3/.test(metrics.render()), 'three failed handshakes');
    await waitFor(() => ended === 3, 'the three echo handlers');

    const text = metrics.render();
    expect(text).toContain('# TYPE rxnet_connections_accepted_total counter\nrxnet_connections_accepted_total 6\n');
    expect(text).toContain('rxnet_tls_handshakes_total{result="success"} 6\n'); // three clients, three server sides
    expect(text).toContain('rxnet_tls_handshakes_total{result="handshake-failed"} 3\n');
    expect(text).toMatch(/rxnet_tls_handshake_duration_seconds_bucket\{le="\+Inf"\} 6\n/);
    expect(text).toMatch(/rxnet_tls_handshake_duration_seconds_count 6\n/);
    expect(text).toMatch(/rxnet_transports_closed_total\{reason="local-close"\} \d+\n/);
    // The garbage handshakes end their connections as handshake-failed; the reset one, first reset, as peer-reset.
    expect(text).toContain('rxnet_transports_closed_total{reason="handshake-failed"} 2\n');
    expect(text).toContain('rxnet_transports_closed_total{reason="peer-reset"} 1\n');
    expect(text).toMatch(/rxnet_bytes_sent_total [1-9]\d*\n/);
  } finally {
    metrics.stop();
  }
});
