/** examples/line-chat-server.ts over real TCP: the same protocol as its marble test. */
import { connectTcp, listenTcp, SocketAttribute, type InetAddress } from '../../src';
import { chatServer } from '../../examples/line-chat-server';
import { readExactly, readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';

checkResources();

it('relays lines between two users over TCP and ends a connection at the user’s EOF', async () => {
  const listener = own(await listenTcp({ host: '127.0.0.1' }));
  const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
  const subscription = chatServer(listener).subscribe();
  const line = async (t: typeof alice, text: string): Promise<void> => expect((await readExactly(t, text.length)).toString()).toBe(text);
  // The greeting tells each client it is being served: from then on it hears everyone.
  const alice = own(await connectTcp('127.0.0.1', port));
  await line(alice, 'welcome user1\n');
  const bob = own(await connectTcp('127.0.0.1', port));
  await line(bob, 'welcome user2\n');
  await alice.sendAll(Buffer.from('hi\n'));
  await line(bob, 'user1: hi\n');
  await bob.sendAll(Buffer.from('yo\n'));
  await line(alice, 'user2: yo\n');
  await alice.sendEof();
  expect((await readToEof(alice)).length).toBe(0);
  subscription.unsubscribe();
});
