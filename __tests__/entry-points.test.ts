/** The root entry points are thin calls of the default backend; listenTcp binds one listener. */
import { isIP } from 'node:net';
import { connectTcp, defaultBackend, listenTcp, SocketAttribute, type InetAddress } from '../src';
import { checkResources, own } from './support/resources';

checkResources();

it('listenTcp binds a host name at its first address (as net.Server.listen does) and connectTcp reaches it', async () => {
  const listener = own(await listenTcp({ host: 'localhost' }));
  const { host, port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  expect(isIP(host)).not.toBe(0);
  const client = own(await connectTcp(host, port));
  expect(client.backend()).toBe(defaultBackend);
  expect(listener.backend()).toBe(defaultBackend);
});
