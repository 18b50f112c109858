/** recordListener: every accepted connection recorded, on one clock (F6). */
import { connectTcp, listenTcp, SocketAttribute } from '../../src';
import { recordListener } from '../../src/testing';
import { readToEof } from '../support/bytes';
import { portOf } from '../support/pairs';
import { checkResources, own } from '../support/resources';

checkResources();

describe('recordListener', () => {
  it('F6: records each connection its serve(handler) runs, in arrival order, with starts on one clock', async () => {
    const listener = own(await listenTcp({ host: '127.0.0.1' }));
    let now = 0;
    const recorder = recordListener(listener, { clock: () => (now += 10), origin: 0 });
    const serving = recorder.serve(async (t) => {
      const got = await readToEof(t);
      await t.sendAll(Buffer.from(got.toString().toUpperCase()));
    });
    const subscription = serving.subscribe();
    for (const word of ['first', 'second']) {
      const client = own(await connectTcp('127.0.0.1', portOf(listener)));
      await client.sendAll(Buffer.from(word));
      await client.sendEof();
      expect((await readToEof(client)).toString()).toBe(word.toUpperCase());
    }
    subscription.unsubscribe();
    const recordings = recorder.recordings();
    expect(recordings.map((r) => r.events.map((e) => e.type))).toEqual([
      ['received', 'received-eof', 'sent', 'closed'],
      ['received', 'received-eof', 'sent', 'closed'],
    ]);
    expect(recordings[0].start).toBeLessThan(recordings[1].start);
    expect(recorder.extra(SocketAttribute.localAddress)).toEqual(listener.extra(SocketAttribute.localAddress));
  });

  it('F1: anything but a listener throws TypeError at once', () => {
    expect(() => recordListener({} as never)).toThrow(TypeError);
  });
});
