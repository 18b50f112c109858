/**
 * O2: rxnet's diagnostics_channel events, each provoked over real sockets and checked by name
 * and message; and nothing is built for a channel nobody listens to.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import * as net from 'node:net';
import { once } from 'node:events';
import {
  CHANNELS,
  connectTcp,
  connectTls,
  connectUdp,
  DatagramAttribute,
  listenTcp,
  listenTls,
  listenUdp,
  SocketAttribute,
  type ConnectionAcceptedMessage,
  type DatagramDroppedMessage,
  type HandlerFailedMessage,
  type HandshakeFailureMessage,
  type HandshakeSuccessMessage,
  type InetAddress,
  type ListenerMessage,
  type TransportClosedMessage,
} from '../../src';
import { channels } from '../../src/core/diagnostics';
import { readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';
import { tlsFixtures } from '../support/tls-fixtures';
import { waitFor } from '../support/wait';

checkResources();
const fixtures = tlsFixtures();

/** Records every message of every rxnet channel while `run` runs. */
async function recording(run: (events: Array<[string, unknown]>) => Promise<void>): Promise<Array<[string, unknown]>> {
  const events: Array<[string, unknown]> = [];
  const listeners = Object.values(CHANNELS).map((name) => {
    const listener = (message: unknown): void => void events.push([name, message]);
    subscribe(name, listener);
    return [name, listener] as const;
  });
  try {
    await run(events);
  } finally {
    for (const [name, listener] of listeners) unsubscribe(name, listener);
  }
  return events;
}

const of = <T>(events: Array<[string, unknown]>, name: string): T[] => events.filter(([channel]) => channel === name).map(([, message]) => message as T);
const portOf = (listener: { extra(attribute: typeof SocketAttribute.localAddress): unknown }): number =>
  (listener.extra(SocketAttribute.localAddress) as InetAddress).port;

describe('diagnostics_channel events', () => {
  test('every channel is named under rxnet:', () => {
    expect(Object.values(CHANNELS).every((name) => name.startsWith('rxnet:'))).toBe(true);
  });

  test('O2: with nobody subscribed, nothing is published: connections, handler failures and drops build no message', async () => {
    // Counted through an own property, removed after: Node swaps a channel's prototype when it
    // gains a subscriber, so a restored spy would shadow the active publish.
    const published: string[] = [];
    for (const [name, channel] of Object.entries(channels)) {
      Object.defineProperty(channel, 'publish', { configurable: true, value: () => void published.push(name) });
    }
    try {
      const listener = own(await listenTcp({ host: '127.0.0.1' }));
      let failures = 0;
      listener.serve(() => Promise.reject(new Error('bug')), { onError: () => void failures++ }).subscribe();
      await readToEof(own(await connectTcp('127.0.0.1', portOf(listener)))).catch(() => undefined);
      const udp = own(await listenUdp({ host: '127.0.0.1', maxQueuedDatagrams: 1 }));
      const client = own(await connectUdp('127.0.0.1', portOf(udp)));
      for (let i = 0; i < 3; i++) await client.send(Buffer.from([i]));
      await waitFor(() => failures === 1 && udp.extra(DatagramAttribute.droppedDatagrams) === 2, 'a failure and two drops');
      await listener.aclose();
      expect(published).toEqual([]);
    } finally {
      for (const channel of Object.values(channels)) delete (channel as { publish?: unknown }).publish;
    }
  });

  test('listener bound and closed, connection accepted, transport closed (with its termination), handler failed', async () => {
    let listener!: Awaited<ReturnType<typeof listenTcp>>;
    const events = await recording(async (seen) => {
      listener = own(await listenTcp({ host: '127.0.0.1' }));
      listener.serve(() => Promise.reject(new Error('handler bug')), { onError: () => undefined }).subscribe();
      const client = own(await connectTcp('127.0.0.1', portOf(listener)));
      await readToEof(client).catch(() => undefined);
      await client.aclose();
      // Both ends of this test's connection (a close left over from an earlier test may be seen too).
      const ends = (): unknown[] => [client, ...of<ConnectionAcceptedMessage>(seen, CHANNELS.connectionAccepted).map((m) => m.transport)];
      await waitFor(() => of<TransportClosedMessage>(seen, CHANNELS.transportClosed).filter((m) => ends().includes(m.transport)).length === 2, 'both ends closed');
      await listener.aclose();
    });
    expect(of<ListenerMessage>(events, CHANNELS.listenerBound)).toEqual([{ listener, localAddress: listener.extra(SocketAttribute.localAddress) }]);
    expect(of<ListenerMessage>(events, CHANNELS.listenerClosed)).toHaveLength(1);
    const [accepted] = of<ConnectionAcceptedMessage>(events, CHANNELS.connectionAccepted);
    expect(accepted.listener).toBe(listener);
    const [failed] = of<HandlerFailedMessage>(events, CHANNELS.handlerFailed);
    expect(failed).toMatchObject({ error: new Error('handler bug'), transport: accepted.transport });
    const closed = of<TransportClosedMessage>(events, CHANNELS.transportClosed);
    const serverSide = closed.find((message) => message.transport === accepted.transport);
    expect(serverSide?.termination.reason).toBe('local-abort'); // the failed handler's transport is closed abruptly
  });

  test('TLS handshake started, succeeded (with its duration and protocol), failed (with its reason and error)', async () => {
    const events = await recording(async () => {
      const listener = own(await listenTls({ host: '127.0.0.1', context: fixtures.server, handshakeErrorHandler: () => undefined }));
      listener.serve(() => undefined).subscribe();
      const good = own(await connectTls('127.0.0.1', portOf(listener), fixtures.client, { serverHostname: 'localhost' }));
      await readToEof(good).catch(() => undefined);
      const bad = net.connect(portOf(listener), '127.0.0.1');
      bad.on('error', () => undefined);
      await once(bad, 'connect');
      bad.end('this is not a ClientHello');
      await once(bad, 'close'); // the server published the failure before it closed the connection
    });
    const started = events.filter(([name]) => name === CHANNELS.handshakeStart);
    expect(started.length).toBeGreaterThanOrEqual(3); // client and server of the good one, server of the bad one
    const succeeded = of<HandshakeSuccessMessage>(events, CHANNELS.handshakeSuccess);
    expect(succeeded).toHaveLength(2);
    expect(succeeded.map((message) => message.serverSide).sort()).toEqual([false, true]);
    expect(succeeded.every((message) => message.protocol === 'TLSv1.3' && message.durationMs >= 0)).toBe(true);
    const [failure] = of<HandshakeFailureMessage>(events, CHANNELS.handshakeFailure);
    expect(failure).toMatchObject({ serverSide: true, reason: 'handshake-failed' });
    expect(failure.error).toBeDefined();
  });

  test('datagram dropped when a listener queue is full', async () => {
    let listener!: Awaited<ReturnType<typeof listenUdp>>;
    const events = await recording(async (seen) => {
      listener = own(await listenUdp({ host: '127.0.0.1', maxQueuedDatagrams: 1 }));
      const client = own(await connectUdp('127.0.0.1', portOf(listener)));
      for (let i = 0; i < 3; i++) await client.send(Buffer.from([i]));
      await waitFor(() => of(seen, CHANNELS.datagramDropped).length === 2, 'two drops');
    });
    expect(of<DatagramDroppedMessage>(events, CHANNELS.datagramDropped)).toEqual([{ source: listener }, { source: listener }]);
  });
});
