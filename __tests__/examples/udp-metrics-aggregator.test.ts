/** examples/udp-metrics-aggregator.ts over real UDP. */
import { firstValueFrom } from 'rxjs';
import { connectUdp, listenUdp, SocketAttribute, type InetAddress } from '../../src';
import { aggregateMetrics, parseMetric } from '../../examples/udp-metrics-aggregator';
import { checkResources, own } from '../support/resources';

checkResources();

it('aggregates datagrams from a real UDP client into one window', async () => {
  const listener = own(await listenUdp({ host: '127.0.0.1' }));
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const client = own(await connectUdp('127.0.0.1', port));
  const first = firstValueFrom(aggregateMetrics(listener, 200));
  for (const m of ['hits:1', 'hits:4', 'nope']) await client.send(Buffer.from(m));
  expect(await first).toEqual({ hits: { count: 2, sum: 5 } });
  expect(parseMetric(Buffer.from('x:1.5'))).toEqual({ name: 'x', value: 1.5 });
});
