/**
 * examples/line-chat-server.ts, recorded live and replayed in virtual time (F6): a real TCP
 * session of two users is recorded on the server side, saved as JSON, and replayed in
 * `TestScheduler.run` against the same `chatServer`, which must say exactly what it said live;
 * then again with the clients' bytes re-chunked by a seed, which a line protocol must not notice.
 */
import { tap, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { connectTcp, decodeLines, listenTcp } from '../../src';
import {
  marbleListener,
  parseRecording,
  rechunk,
  recordListener,
  replayConnections,
  sentMatchesRecording,
  trySeeds,
  type Recording,
} from '../../src/testing';
import { chatServer } from '../../examples/line-chat-server';
import { readExactly, readToEof } from '../support/bytes';
import { portOf } from '../support/pairs';
import { checkResources, own } from '../support/resources';

checkResources();

/** Replays `recordings` to `chatServer` and returns, per connection, true or the mismatch. */
function replayVerdicts(recordings: readonly Recording[], receive?: OperatorFunction<Buffer, Buffer>, exact = false): unknown[] {
  const verdicts: unknown[] = recordings.map(() => 'no verdict');
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(() => {
    let arrived = 0;
    const connections = replayConnections(recordings, receive === undefined ? {} : { receive }).pipe(
      tap((transport) => {
        const index = arrived++;
        sentMatchesRecording(transport.sent$, recordings[index], exact ? {} : { decode: decodeLines() }).subscribe({
          next: (ok) => (verdicts[index] = ok),
          error: (error: unknown) => (verdicts[index] = error),
        });
      }),
    );
    chatServer(marbleListener(connections)).subscribe();
  });
  return verdicts;
}

it('F6: a live two-user session, recorded and saved as JSON, replays in virtual time; re-chunked by any seed it still passes', async () => {
  const listener = own(await listenTcp({ host: '127.0.0.1' }));
  const recorder = recordListener(listener);
  const serving = chatServer(recorder).subscribe();
  const line = async (t: typeof alice, text: string): Promise<void> => expect((await readExactly(t, text.length)).toString()).toBe(text);
  const alice = own(await connectTcp('127.0.0.1', portOf(listener)));
  await line(alice, 'welcome user1\n');
  const bob = own(await connectTcp('127.0.0.1', portOf(listener)));
  await line(bob, 'welcome user2\n');
  await alice.sendAll(Buffer.from('hello bob\nare you there?\n'));
  await line(bob, 'user1: hello bob\nuser1: are you there?\n');
  await bob.sendAll(Buffer.from('hi alice\n'));
  await line(alice, 'user2: hi alice\n');
  await alice.sendEof();
  expect((await readToEof(alice)).length).toBe(0);
  await bob.sendEof();
  expect((await readToEof(bob)).length).toBe(0);
  serving.unsubscribe();

  // What a CI fixture would hold: the recordings as JSON, read back.
  const recordings = (JSON.parse(JSON.stringify(recorder.recordings())) as unknown[]).map(parseRecording);
  expect(recordings.map((r) => r.events.filter((e) => e.type === 'received').length)).toEqual([1, 1]);
  expect(recordings[1].start).toBeGreaterThan(recordings[0].start);

  expect(replayVerdicts(recordings, undefined, true)).toEqual([true, true]);
  trySeeds(20, (seed) => expect(replayVerdicts(recordings, rechunk({ seed, max: 3 }))).toEqual([true, true]));
});

it('F6: a server that changed what it says fails its replay, naming the line', () => {
  const recording: Recording = {
    format: 'rxnet-recording',
    version: 1,
    kind: 'stream',
    start: 0,
    events: [
      { t: 0, type: 'sent', data: 'hello user1\n', encoding: 'utf8' },
      { t: 5, type: 'received-eof' },
    ],
  };
  const [verdict] = replayVerdicts([recording]);
  expect((verdict as Error).message).toBe("frame 0: expected 'hello user1' but the code sent 'welcome user1'");
});
