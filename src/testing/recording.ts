/**
 * The recording format: one transport's session as plain JSON, made by `record` and played back
 * by `replay`. Version 1:
 *
 * ```json
 * { "format": "rxnet-recording", "version": 1, "kind": "stream", "start": 12.5,
 *   "events": [
 *     { "t": 0.8, "type": "sent", "data": "welcome user1\n", "encoding": "utf8" },
 *     { "t": 30.1, "type": "received", "data": "aGk=", "encoding": "base64" },
 *     { "t": 41.0, "type": "received-eof" },
 *     { "t": 41.2, "type": "closed" }
 *   ] }
 * ```
 *
 * - `kind`: `"stream"` or `"datagram"`; `start`: when recording began, in ms after the origin
 *   the recordings of one session share (so several connections replay in their real order).
 * - `t`: ms after `start`, non-decreasing. `type`: `received` / `sent` (with `data`, UTF-8 text
 *   when the bytes are valid UTF-8, else base64, as `encoding` says), `received-eof`,
 *   `sent-eof`, `received-error` (with `error: { name, message, code? }`), `closed`.
 *
 * A reader of a later version rejects it (`RangeError`) rather than guess.
 */
import { checkOptions } from '../internal/validate';

/** The `format` field of every recording. */
export const RECORDING_FORMAT = 'rxnet-recording';

/** Bytes received or sent, at `t`. */
export interface RecordedData {
  /** When, in ms after the recording's `start`. */
  readonly t: number;
  /** `received`: a read returned these bytes (or this datagram); `sent`: a send was given them. */
  readonly type: 'received' | 'sent';
  /** The bytes, as `encoding` says. */
  readonly data: string;
  /** `utf8` where the bytes are valid UTF-8 (readable), `base64` otherwise (exact). */
  readonly encoding: 'utf8' | 'base64';
}

/** The peer's EOF (`received-eof`), the code's `sendEof` (`sent-eof`), or the code's `aclose` (`closed`), at `t`. */
export interface RecordedMark {
  /** When, in ms after the recording's `start`. */
  readonly t: number;
  /** Which of the three. */
  readonly type: 'received-eof' | 'sent-eof' | 'closed';
}

/** A read that failed (a reset, say), at `t`. */
export interface RecordedError {
  /** When, in ms after the recording's `start`. */
  readonly t: number;
  /** A read rejected. */
  readonly type: 'received-error';
  /** The error it rejected with. */
  readonly error: {
    /** Its class name (`BrokenResourceError`, ...). */
    readonly name: string;
    /** Its message. */
    readonly message: string;
    /** Its `code`, when it had a string one. */
    readonly code?: string;
  };
}

/** One event of a session. */
export type RecordedEvent = RecordedData | RecordedMark | RecordedError;

/** A recorded session of a stream or a datagram transport (format version 1). */
export interface Recording<K extends 'stream' | 'datagram' = 'stream' | 'datagram'> {
  /** Always `RECORDING_FORMAT`. */
  readonly format: typeof RECORDING_FORMAT;
  /** The format's version: 1. */
  readonly version: 1;
  /** The kind of transport recorded. */
  readonly kind: K;
  /** When recording began, in ms after the session's origin. */
  readonly start: number;
  /** What happened, in order. */
  readonly events: readonly RecordedEvent[];
}

/** Bytes as a recording stores them: UTF-8 text when they round-trip, base64 otherwise. */
export function encodeData(bytes: Buffer): Pick<RecordedData, 'data' | 'encoding'> {
  const text = bytes.toString('utf8');
  return Buffer.byteLength(text) === bytes.length && Buffer.from(text).equals(bytes)
    ? { data: text, encoding: 'utf8' }
    : { data: bytes.toString('base64'), encoding: 'base64' };
}

/** The bytes of a recorded `received` or `sent` event. */
export function dataOf(event: RecordedData): Buffer {
  return Buffer.from(event.data, event.encoding);
}

/** The Error a `received-error` event stands for: its name, message and code restored. */
export function errorOf(event: RecordedError): Error {
  const error = new Error(event.error.message) as Error & { code?: string };
  error.name = event.error.name;
  if (event.error.code !== undefined) error.code = event.error.code;
  return error;
}

const MARKS = new Set(['received-eof', 'sent-eof', 'closed']);

/**
 * A recording from its JSON text or parsed value, checked field by field: `TypeError` naming the
 * first bad field, `RangeError` for a version this reader does not know.
 */
export function parseRecording(json: unknown): Recording {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  checkOptions(value, 'recording');
  const r = value as Record<string, unknown> | undefined;
  if (r === undefined || r.format !== RECORDING_FORMAT) throw new TypeError(`recording: format must be "${RECORDING_FORMAT}"`);
  if (r.version !== 1) throw new RangeError(`recording: version ${String(r.version)} is not supported (this reader knows 1)`);
  if (r.kind !== 'stream' && r.kind !== 'datagram') throw new TypeError('recording: kind must be "stream" or "datagram"');
  if (typeof r.start !== 'number' || !Number.isFinite(r.start)) throw new TypeError('recording: start must be a finite number');
  if (!Array.isArray(r.events)) throw new TypeError('recording: events must be an array');
  let last = 0;
  const events = (r.events as unknown[]).map((raw, index): RecordedEvent => {
    const where = `recording: events[${index}]`;
    checkOptions(raw, where);
    const e = raw as Record<string, unknown> | undefined;
    if (e === undefined || typeof e.t !== 'number' || !(e.t >= last)) throw new TypeError(`${where}.t must be a number, not below the previous event's`);
    last = e.t;
    if (e.type === 'received' || e.type === 'sent') {
      if (typeof e.data !== 'string') throw new TypeError(`${where}.data must be a string`);
      if (e.encoding !== 'utf8' && e.encoding !== 'base64') throw new TypeError(`${where}.encoding must be "utf8" or "base64"`);
      return { t: e.t, type: e.type, data: e.data, encoding: e.encoding };
    }
    if (typeof e.type === 'string' && MARKS.has(e.type)) return { t: e.t, type: e.type as RecordedMark['type'] };
    if (e.type === 'received-error') {
      const error = e.error as Record<string, unknown> | undefined;
      if (typeof error !== 'object' || error === null || typeof error.name !== 'string' || typeof error.message !== 'string') {
        throw new TypeError(`${where}.error must be { name, message, code? }`);
      }
      const code = typeof error.code === 'string' ? { code: error.code } : {};
      return { t: e.t, type: 'received-error', error: { name: error.name, message: error.message, ...code } };
    }
    throw new TypeError(`${where}.type ${JSON.stringify(e.type)} is not an event type`);
  });
  return { format: RECORDING_FORMAT, version: 1, kind: r.kind, start: r.start, events };
}
