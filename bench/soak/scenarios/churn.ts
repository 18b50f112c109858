/**
 * Churn: many connect/echo/close cycles over TCP, TLS (both paths: default mode over a Duplex,
 * non-standard on the socket itself) and Unix against `serve(handler)`; after
 * them the process holds what it held before (descriptors, handles, timers) and its heap, after
 * a full collection, has grown by no more than a few MiB.
 */
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createTestCertificates } from '../../../examples/certificates';
import { echo } from '../../../examples/tcp-echo-server';
import { listenTcp, listenTls, listenUnix, SocketAttribute, type AsyncListener, type AsyncStreamTransport, type InetAddress } from '../../../src';
import { atMost, backToBaseline, heapAfterGc, holdings, pool, settledTo, type Figure, type SoakScenario } from '../soak';
import { echoOnce, type Target } from './clients';

const SLACK = 3;
const MiB = 1024 * 1024;

export const churn: SoakScenario = {
  name: 'churn: connect/echo/close cycles, then back to the baseline',
  nodeFlags: ['--expose-gc'],
  async run(quick) {
    const counts = quick ? { tcp: 2_000, tls: 200, 'tls non-standard': 200, unix: 500 } : { tcp: 20_000, tls: 2_000, 'tls non-standard': 2_000, unix: 5_000 };
    const certs = createTestCertificates();
    const dir = mkdtempSync(join(tmpdir(), 'rxnet-soak-'));
    const servers: Array<{ name: keyof typeof counts; listener: AsyncListener<AsyncStreamTransport>; target: Target; secure?: { ca: string } }> = [];
    const tcp = await listenTcp({ host: '127.0.0.1' });
    servers.push({ name: 'tcp', listener: tcp, target: { port: (tcp.extra(SocketAttribute.localAddress) as InetAddress).port } });
    const secure = await listenTls({ host: '127.0.0.1', context: { key: certs.server.key, cert: certs.server.cert } });
    servers.push({ name: 'tls', listener: secure, target: { port: (secure.extra(SocketAttribute.localAddress) as InetAddress).port }, secure: { ca: certs.ca } });
    const native = await listenTls({ host: '127.0.0.1', context: { key: certs.server.key, cert: certs.server.cert }, standardCompatible: false });
    servers.push({ name: 'tls non-standard', listener: native, target: { port: (native.extra(SocketAttribute.localAddress) as InetAddress).port }, secure: { ca: certs.ca } });
    const unix = await listenUnix(join(dir, 's.sock'));
    servers.push({ name: 'unix', listener: unix, target: { path: join(dir, 's.sock') } });
    const subscriptions = servers.map(({ listener }) => listener.serve(echo, { onError: () => undefined }).subscribe());

    const message = Buffer.alloc(512, 7);
    // A warm-up, so that what is made once (TLS contexts, JIT code, pools) is in the baseline.
    for (const server of servers) await pool(20, 4, () => echoOnce(server.target, message, server.secure));
    const baseline = await settledTo(holdings(), 0, 1_000);
    const heapBefore = heapAfterGc();

    const figures: Figure[] = [];
    for (const server of servers) {
      const started = Date.now();
      await pool(counts[server.name], 32, () => echoOnce(server.target, message, server.secure));
      const seconds = (Date.now() - started) / 1000;
      figures.push(atMost(`${server.name}: ${counts[server.name]} cycles took`, Math.round(seconds), quick ? 120 : 600, 's'));
      figures.push(...backToBaseline(server.name, baseline, await settledTo(baseline, SLACK), SLACK));
    }
    const growth = (heapAfterGc() - heapBefore) / MiB;
    figures.push(atMost('heap growth after every cycle, after GC', Number(growth.toFixed(2)), 4, 'MiB'));
    for (const subscription of subscriptions) subscription.unsubscribe();
    rmSync(dir, { recursive: true, force: true });
    return figures;
  },
};
