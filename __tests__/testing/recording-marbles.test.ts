/** recordingToMarbles: a recording as diagrams TestScheduler reads back at the recorded frames (F6). */
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { recordingToMarbles, RECORDING_FORMAT, type Recording, type RecordedEvent } from '../../src/testing';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const recording = (events: RecordedEvent[]): Recording => ({ format: RECORDING_FORMAT, version: 1, kind: 'stream', start: 0, events });

describe('recordingToMarbles', () => {
  it('F6: each direction becomes a diagram that replays at the recorded (rounded) frames; equal payloads share a symbol', () => {
    const { received, sent } = recordingToMarbles(
      recording([
        { t: 0.2, type: 'sent', data: 'welcome\n', encoding: 'utf8' },
        { t: 3, type: 'received', data: 'hi\n', encoding: 'utf8' },
        { t: 25.4, type: 'received', data: 'hi\n', encoding: 'utf8' },
        { t: 25.6, type: 'received', data: '/w==', encoding: 'base64' },
        { t: 30, type: 'received-eof' },
        { t: 30.1, type: 'sent-eof' },
        { t: 31, type: 'closed' },
      ]),
    );
    expect(received.marbles).toBe('---a 21ms ab---|');
    expect(received.values).toEqual({ a: 'hi\n', b: Buffer.from([0xff]) });
    expect(sent.marbles).toBe('a 29ms |');
    scheduler().run(({ cold, expectObservable }) => {
      // Read back by TestScheduler itself: the frames are the recorded times.
      expectObservable(cold(received.marbles, received.values).pipe(map((v) => Buffer.from(v).toString('hex')))).toBe('3ms a 21ms a b 3ms |', {
        a: Buffer.from('hi\n').toString('hex'),
        b: 'ff',
      });
    });
  });

  it('F6: events in one frame are grouped; crowded ones move right, never out of order; an error is #', () => {
    const { received } = recordingToMarbles(
      recording([
        { t: 1, type: 'received', data: 'a', encoding: 'utf8' },
        { t: 1.2, type: 'received', data: 'b', encoding: 'utf8' },
        { t: 2, type: 'received', data: 'c', encoding: 'utf8' },
        { t: 9, type: 'received-error', error: { name: 'BrokenResourceError', message: 'reset', code: 'ECONNRESET' } },
      ]),
    );
    expect(received.marbles).toBe('-(ab)c---#');
    expect(received.error).toMatchObject({ name: 'BrokenResourceError', message: 'reset', code: 'ECONNRESET' });
  });

  it('uses no digit as a symbol, so a payload never reads as a time progression', () => {
    const events: RecordedEvent[] = Array.from({ length: 70 }, (_, i) => ({ t: i * 20, type: 'received' as const, data: `m${i}`, encoding: 'utf8' as const }));
    const { received } = recordingToMarbles(recording(events));
    const symbols = Object.keys(received.values);
    expect(symbols).toHaveLength(70);
    expect(symbols.some((symbol) => /[0-9\s|#()^!-]/.test(symbol))).toBe(false);
    expect(TestScheduler.parseMarbles(received.marbles, received.values, undefined, undefined, true)).toHaveLength(70);
  });
});
