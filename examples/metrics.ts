/**
 * Prometheus-style metrics from rxnet's `diagnostics_channel` events (O2), with no dependency:
 * counters of accepted and closed connections (by termination reason), handshakes, handler
 * failures and dropped datagrams, bytes each way, and a histogram of TLS handshake durations,
 * rendered in Prometheus's text format. A process that never calls `collectMetrics` pays
 * nothing: rxnet builds no message for a channel nobody listens to.
 *
 * Run it: a TLS echo server and, on a second port, the metrics as an HTTP/1.0 answer that a
 * Prometheus scrape (or `curl`) reads.
 *
 *   npx ts-node examples/metrics.ts [tlsPort] [metricsPort]
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  CHANNELS,
  listenTcp,
  listenTls,
  SocketAttribute,
  type HandshakeFailureMessage,
  type HandshakeSuccessMessage,
  type InetAddress,
  type TransportClosedMessage,
} from 'rxnet';
import { createTestCertificates } from './certificates';
import { echo } from './tcp-echo-server';

/** Upper bounds of the handshake-duration histogram, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Counters fed by rxnet's channels; `render()` is the Prometheus text format; `stop()` unsubscribes. */
export interface Metrics {
  render(): string;
  stop(): void;
}

export function collectMetrics(): Metrics {
  const counters = new Map<string, number>();
  const count = (name: string, by = 1): void => void counters.set(name, (counters.get(name) ?? 0) + by);
  const buckets = BUCKETS.map(() => 0);
  let durationSum = 0;
  let durationCount = 0;

  const listeners: Record<string, (message: unknown) => void> = {
    [CHANNELS.connectionAccepted]: () => count('rxnet_connections_accepted_total'),
    [CHANNELS.transportClosed]: (message) => {
      const { termination } = message as TransportClosedMessage;
      count(`rxnet_transports_closed_total{reason="${termination.reason}"}`);
      count('rxnet_bytes_received_total', termination.bytesReceived ?? 0);
      count('rxnet_bytes_sent_total', termination.bytesSent ?? 0);
    },
    [CHANNELS.handshakeSuccess]: (message) => {
      const seconds = (message as HandshakeSuccessMessage).durationMs / 1000;
      count('rxnet_tls_handshakes_total{result="success"}');
      BUCKETS.forEach((bound, i) => {
        if (seconds <= bound) buckets[i]++;
      });
      durationSum += seconds;
      durationCount++;
    },
    [CHANNELS.handshakeFailure]: (message) => count(`rxnet_tls_handshakes_total{result="${(message as HandshakeFailureMessage).reason}"}`),
    [CHANNELS.handlerFailed]: () => count('rxnet_handler_failures_total'),
    [CHANNELS.datagramDropped]: () => count('rxnet_datagrams_dropped_total'),
  };
  for (const [name, listener] of Object.entries(listeners)) subscribe(name, listener);

  return {
    render() {
      const lines: string[] = [];
      const families = new Map<string, string[]>();
      for (const [series, value] of [...counters].sort()) {
        const family = series.replace(/\{.*$/, '');
        families.set(family, [...(families.get(family) ?? []), `${series} ${value}`]);
      }
      for (const [family, series] of families) lines.push(`# TYPE ${family} counter`, ...series);
      lines.push('# TYPE rxnet_tls_handshake_duration_seconds histogram');
      BUCKETS.forEach((bound, i) => lines.push(`rxnet_tls_handshake_duration_seconds_bucket{le="${bound}"} ${buckets[i]}`));
      lines.push(`rxnet_tls_handshake_duration_seconds_bucket{le="+Inf"} ${durationCount}`);
      lines.push(`rxnet_tls_handshake_duration_seconds_sum ${durationSum}`);
      lines.push(`rxnet_tls_handshake_duration_seconds_count ${durationCount}`);
      return `${lines.join('\n')}\n`;
    },
    stop() {
      for (const [name, listener] of Object.entries(listeners)) unsubscribe(name, listener);
    },
  };
}

if (require.main === module) {
  const [tlsPort = 0, metricsPort = 0] = process.argv.slice(2).map(Number);
  const metrics = collectMetrics();
  const certs = createTestCertificates();
  void (async () => {
    const server = await listenTls({ host: '127.0.0.1', port: tlsPort, context: { key: certs.server.key, cert: certs.server.cert } });
    server.serve(echo).subscribe();
    const scrape = await listenTcp({ host: '127.0.0.1', port: metricsPort });
    scrape
      .serve(async (t) => {
        await t.recv(4096); // the request; any request gets the metrics
        const body = metrics.render();
        await t.sendAll(Buffer.from(`HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
      })
      .subscribe();
    const port = (listener: { extra(attribute: typeof SocketAttribute.localAddress): unknown }) => (listener.extra(SocketAttribute.localAddress) as InetAddress).port;
    console.log(`TLS echo on port ${port(server)}; metrics: curl http://127.0.0.1:${port(scrape)}/metrics`);
  })();
}
