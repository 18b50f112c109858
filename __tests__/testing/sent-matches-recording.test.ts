/** sentMatchesRecording: what the code sends, held against what it sent when recorded (F6). */
import { from, lastValueFrom, NEVER } from 'rxjs';
import { decodeLines } from '../../src';
import { RECORDING_FORMAT, RecordingMismatchError, sentMatchesRecording, type Recording } from '../../src/testing';

const recorded = (kind: 'stream' | 'datagram', ...sent: string[]): Recording => ({
  format: RECORDING_FORMAT,
  version: 1,
  kind,
  start: 0,
  events: sent.map((data, i) => ({ t: i, type: 'sent' as const, data, encoding: 'utf8' as const })),
});
const sent = (...chunks: string[]) => from(chunks.map((chunk) => Buffer.from(chunk)));
const verdict = (source: ReturnType<typeof sentMatchesRecording>) => lastValueFrom(source).catch((error: unknown) => error);

describe('sentMatchesRecording', () => {
  it('F6: a stream matches byte for byte whatever the chunking', async () => {
    expect(await verdict(sentMatchesRecording(sent('hel', 'lo\nwor', 'ld\n'), recorded('stream', 'hello\n', 'world\n')))).toBe(true);
  });

  it('F6: the first differing byte is named, with both sides there', async () => {
    const error = await verdict(sentMatchesRecording(sent('hello\n', 'wurld\n'), recorded('stream', 'hello\n', 'world\n')));
    expect(error).toBeInstanceOf(RecordingMismatchError);
    expect(error).toMatchObject({ code: 'ERR_RECORDING_MISMATCH', index: 7 });
    expect((error as Error).message).toBe("byte 7: expected 'orld\\n' but the code sent 'urld\\n'");
  });

  it('F6: sending less, or more, than was recorded is a mismatch', async () => {
    expect(await verdict(sentMatchesRecording(sent('hello\n'), recorded('stream', 'hello\n', 'world\n')))).toMatchObject({ index: 6 });
    expect(await verdict(sentMatchesRecording(sent('hello\n!'), recorded('stream', 'hello\n')))).toMatchObject({ index: 6 });
  });

  it('F6: datagrams match one by one; frames through a decoder match by content', async () => {
    expect(await verdict(sentMatchesRecording(sent('a', 'b'), recorded('datagram', 'a', 'b')))).toBe(true);
    expect(await verdict(sentMatchesRecording(sent('ab'), recorded('datagram', 'a', 'b')))).toMatchObject({ index: 0 });
    const lines = { decode: decodeLines() };
    expect(await verdict(sentMatchesRecording(sent('one\ntw', 'o\n'), recorded('stream', 'one\n', 'two\n'), lines))).toBe(true);
    const error = await verdict(sentMatchesRecording(sent('one\n', 'six\n'), recorded('stream', 'one\n', 'two\n'), lines));
    expect((error as Error).message).toBe("frame 1: expected 'two' but the code sent 'six'");
  });

  it('says nothing until the code is done sending', () => {
    let settled = false;
    sentMatchesRecording(NEVER, recorded('stream', 'x')).subscribe({ next: () => (settled = true), error: () => (settled = true) });
    expect(settled).toBe(false);
  });
});
