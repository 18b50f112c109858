/** The recording format, version 1: checked field by field on the way in (F6). */
import { parseRecording, RECORDING_FORMAT, type Recording } from '../../src/testing';

const valid: Recording = {
  format: RECORDING_FORMAT,
  version: 1,
  kind: 'stream',
  start: 3,
  events: [
    { t: 0, type: 'sent', data: 'hi\n', encoding: 'utf8' },
    { t: 1.5, type: 'received', data: '/wA=', encoding: 'base64' },
    { t: 2, type: 'received-error', error: { name: 'BrokenResourceError', message: 'reset', code: 'ECONNRESET' } },
    { t: 2, type: 'closed' },
  ],
};

describe('parseRecording', () => {
  it('F6: reads its own JSON back, from text or from a parsed value', () => {
    expect(parseRecording(JSON.stringify(valid))).toEqual(valid);
    expect(parseRecording(valid)).toEqual(valid);
  });

  it('F6: names the first bad field with TypeError; an unknown version is a RangeError', () => {
    const broken = (patch: object) => () => parseRecording({ ...valid, ...patch });
    expect(broken({ format: 'other' })).toThrow(/format/);
    expect(broken({ version: 2 })).toThrow(RangeError);
    expect(broken({ kind: 'pipe' })).toThrow(/kind/);
    expect(broken({ start: 'soon' })).toThrow(/start/);
    expect(broken({ events: {} })).toThrow(/events must be an array/);
    expect(broken({ events: [{ t: 2, type: 'closed' }, { t: 1, type: 'closed' }] })).toThrow(/events\[1\]\.t/);
    expect(broken({ events: [{ t: 0, type: 'sent', data: 5, encoding: 'utf8' }] })).toThrow(/events\[0\]\.data/);
    expect(broken({ events: [{ t: 0, type: 'sent', data: '', encoding: 'hex' }] })).toThrow(/encoding/);
    expect(broken({ events: [{ t: 0, type: 'received-error', error: {} }] })).toThrow(/error must be/);
    expect(broken({ events: [{ t: 0, type: 'teleported' }] })).toThrow(/not an event type/);
    expect(() => parseRecording(null)).toThrow(TypeError);
    expect(() => parseRecording('{not json')).toThrow(SyntaxError);
  });
});
