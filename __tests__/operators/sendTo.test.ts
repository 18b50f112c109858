/** sendTo: [data, address] pairs through a UDP listener, in order. */
import { from, lastValueFrom } from 'rxjs';
import { connectUdp, listenUdp, sendTo, SocketAttribute, type InetAddress } from '../../src';
import { checkResources, own } from '../support/resources';

checkResources();

it('sends each pair to its address in order, and errors on a bad one', async () => {
  const listener = own(await listenUdp({ host: '127.0.0.1' }));
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const client = own(await connectUdp('127.0.0.1', port));
  const to = client.extra(SocketAttribute.localAddress) as InetAddress;
  await lastValueFrom(from([[Buffer.from('a'), to] as const, [Buffer.from('b'), to] as const]).pipe(sendTo(listener)), { defaultValue: undefined });
  expect((await client.recv()).toString()).toBe('a');
  expect((await client.recv()).toString()).toBe('b');
  await expect(lastValueFrom(from([[Buffer.from('x'), { host: 'nowhere', port: 1 }] as const]).pipe(sendTo(listener)))).rejects.toBeInstanceOf(TypeError);
  expect(() => sendTo({} as never)).toThrow(TypeError);
  expect(() => sendTo(undefined as never)).toThrow('sendTo: listener must be an AsyncDatagramListener');
});
