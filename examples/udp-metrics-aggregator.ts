/**
 * A UDP metrics aggregator (statsd-like): datagrams `name:value` arrive from anywhere; every
 * `window` ms it emits, per metric name, the count and sum of the values received in that
 * window. A datagram that does not parse is skipped. Pure operators over `serve()`, so the
 * marble kit tests it in virtual time (`__tests__/examples/udp-metrics-aggregator.marble.test.ts`).
 *
 *   npx ts-node examples/udp-metrics-aggregator.ts [port]    then: echo -n "hits:1" | nc -u -w0 127.0.0.1 <port>
 */
import { bufferTime, filter, map, type Observable } from 'rxjs';
import { listenUdp, SocketAttribute, type AsyncDatagramListener, type InetAddress } from 'rxnet';

/** One window's totals: metric name → count and sum. */
export type MetricsWindow = Record<string, { count: number; sum: number }>;

/** Parses `name:value`; anything else is undefined. */
export function parseMetric(datagram: Buffer): { name: string; value: number } | undefined {
  const match = /^([\w.-]+):(-?\d+(?:\.\d+)?)$/.exec(datagram.toString().trim());
  return match === null ? undefined : { name: match[1], value: Number(match[2]) };
}

/** The totals of every non-empty window of `window` ms. */
export function aggregateMetrics<A>(listener: AsyncDatagramListener<A>, window = 1_000): Observable<MetricsWindow> {
  return listener.serve().pipe(
    map(([datagram]) => parseMetric(datagram)),
    filter((metric): metric is { name: string; value: number } => metric !== undefined),
    bufferTime(window),
    filter((batch) => batch.length > 0),
    map((batch) => {
      const totals: MetricsWindow = {};
      for (const { name, value } of batch) {
        const entry = (totals[name] ??= { count: 0, sum: 0 });
        entry.count++;
        entry.sum += value;
      }
      return totals;
    }),
  );
}

if (require.main === module) {
  void listenUdp({ port: Number(process.argv[2] ?? 0) }).then((listener) => {
    const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
    console.log(`metrics on udp port ${port}`);
    const subscription = aggregateMetrics(listener).subscribe((totals) => console.log(JSON.stringify(totals)));
    process.once('SIGINT', () => subscription.unsubscribe());
  });
}
