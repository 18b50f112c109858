/** examples/udp-client.ts: one question, one answer; silence times out after its retries. */
import { TimeoutError } from 'rxjs';
import { listenUdp, SocketAttribute, type InetAddress } from '../../src';
import { askUdp } from '../../examples/udp-client';
import { startUdpEchoServer } from '../../examples/udp-echo-server';
import { checkResources, own } from '../support/resources';

checkResources();

it('gets the echo server to answer', async () => {
  const server = await startUdpEchoServer({ host: '127.0.0.1' });
  own(server.listener);
  expect(await askUdp('127.0.0.1', server.address.port, 'ping')).toBe('ping');
  server.stop();
});

it('retries on silence, then rejects with TimeoutError', async () => {
  const silent = own(await listenUdp({ host: '127.0.0.1' }));
  const { port } = silent.extra(SocketAttribute.localAddress) as InetAddress;
  let asked = 0;
  const subscription = silent.serve(() => void asked++).subscribe();
  await expect(askUdp('127.0.0.1', port, 'anyone?', 50, 3)).rejects.toBeInstanceOf(TimeoutError);
  expect(asked).toBe(3);
  subscription.unsubscribe();
});
