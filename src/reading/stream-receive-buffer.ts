/**
 * The readable state of a stream transport: received bytes wait here until `recv` takes them.
 *
 * An adapter pushes what its source delivers (`push`, `end`, `fail`); the transport reads with
 * `read$` (the primitive: one chunk, then complete) or `read`/`readInto` (its promise, with a
 * fast path when the answer is already known). Contracts honoured here:
 * - S1/S2: any available bytes resolve a read at once; EOF reads as empty, again and again.
 * - S6: at most `highWaterMark` unread bytes plus the chunk that crossed it; then the source is
 *   told to pause, and to resume once a read drains below the mark.
 * - P1: a buffer made `held` pauses its source at once, until `startReading()`: a connection
 *   waiting to be handed out costs no buffered bytes.
 * - C3: after `close()` every read rejects `ClosedResourceError`, even `recv(0)`.
 * - C4: after `fail(error)` reads return what was buffered, then reject with `error` for good.
 * - C5: one pending read; a second rejects `BusyResourceError`.
 * - C6: aborting a pending read takes nothing from the buffer.
 */
import type { Observable } from 'rxjs';
import { ClosedResourceError, type BusyResourceError } from '../errors';
import { takeFirst } from '../internal/take-first';
import { PENDING, SingleReader, type Outcome } from './single-reader';

/** The source's flow control, driven by the buffer's fill level. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

/** Default bound of unread bytes per transport (S6). */
export const DEFAULT_HIGH_WATER_MARK = 256 * 1024;

const EMPTY = Buffer.alloc(0);

/** Ends `chunks$`: with a positive size, only EOF reads as empty. */
const isEof = (chunk: Buffer): boolean => chunk.length === 0;

// The buffer's states, as bits of one field: a server holds one buffer per idle connection,
// and four booleans cost four fields each.
/** The source ended cleanly. */
const EOF = 1;
/** Closed locally (C3). */
const CLOSED = 2;
/** Paused by S6 (at `highWaterMark`). */
const PAUSED = 4;
/** Held by P1 (until `startReading`). */
const HELD = 8;

// Its methods are TypeScript-private, not `#`: a class with `#` methods gives each instance a
// brand slot (8 bytes), and a server holds one of these per idle connection.
export class StreamReceiveBuffer extends SingleReader {
  /** Made at the first chunk: a connection that never receives holds no array. */
  #chunks: Buffer[] | undefined;
  #size = 0;
  #state = 0;
  /**
   * Before `close()`, the source's failure (C4); after it, the error reads reject with, made
   * when a read needs it (most transports close with no read pending or to come).
   */
  #error: Error | undefined;

  /** @param held pause `flow` now, until `startReading()` (P1). */
  constructor(
    readonly highWaterMark: number,
    private readonly flow: FlowControl,
    held = false,
  ) {
    super();
    if (held) {
      this.#state = HELD;
      flow.pause();
    }
  }

  /** Ends the hold of a `held` buffer: the source flows, S6 permitting. Idempotent. */
  startReading(): void {
    if (!(this.#state & HELD)) return;
    this.#state &= ~HELD;
    if (!(this.#state & PAUSED)) this.flow.resume();
  }

  /** Unread bytes held. */
  get buffered(): number {
    return this.#size;
  }

  /** Bytes from the source. Ignored after local close: nobody can read them any more. */
  push(chunk: Buffer): void {
    if (this.#state & CLOSED || chunk.length === 0) return;
    (this.#chunks ??= []).push(chunk);
    this.#size += chunk.length;
    if (!(this.#state & PAUSED) && this.#size >= this.highWaterMark) {
      this.#state |= PAUSED;
      this.flow.pause();
    }
    this.wake();
  }

  /** The source ended cleanly: after the buffered bytes, reads see EOF. */
  end(): void {
    this.#state |= EOF;
    this.wake();
  }

  /** The source failed: after the buffered bytes, reads reject with `error` (sticky). */
  fail(error: Error): void {
    if (!(this.#state & CLOSED)) this.#error ??= error;
    this.wake();
  }

  /**
   * Gives the source up to a layer that reads it natively (TLS's fast path, T2) when nothing
   * can be lost: nothing received, no end, no failure, no read pending, not held (P1). Returns
   * whether it did; from then on reads reject `error` and the source's flow is not touched.
   */
  handOver(error: BusyResourceError): boolean {
    if (this.#size > 0 || this.#state & (EOF | CLOSED | HELD) || this.#error !== undefined || this.reading) return false;
    this.close(error);
    return true;
  }

  /** Local close: drops the bytes and rejects the pending read and every later one. */
  close(error?: ClosedResourceError | BusyResourceError): void {
    if (this.#state & CLOSED) return;
    this.#state |= CLOSED;
    this.#error = error;
    this.#chunks = undefined;
    this.#size = 0;
    this.wake();
  }

  /** The primitive read: emits 1..`bufsize` bytes (empty at EOF or for 0) and completes. */
  read$(bufsize: number): Observable<Buffer> {
    return this.readWith$(StreamReceiveBuffer.#pollRead, bufsize);
  }

  /** `read$` repeated: every chunk of 1..`bufsize` bytes until EOF, from one subscription (C5, C6). */
  chunks$(bufsize: number): Observable<Buffer> {
    return this.readEach$(StreamReceiveBuffer.#pollRead, bufsize, isEof);
  }

  /** `read$` as a promise, skipping the Observable when the answer is already known. */
  read(bufsize: number, signal?: AbortSignal): Promise<Buffer> {
    return this.readWith(StreamReceiveBuffer.#pollRead, bufsize, signal);
  }

  /** Copies into `target` what fits; emits the count (0 at EOF or for an empty target). */
  readInto$(target: Uint8Array): Observable<number> {
    return this.readWith$(StreamReceiveBuffer.#pollInto, target);
  }

  /** `readInto$` as a promise, with the same fast path as `read`. */
  readInto(target: Uint8Array, signal?: AbortSignal): Promise<number> {
    return this.readWith(StreamReceiveBuffer.#pollInto, target, signal);
  }

  // The polls are static (called with the buffer as `this`): passed as values, and a static
  // method brands the class, not each instance.
  static #pollRead(this: StreamReceiveBuffer, bufsize: number): Outcome<Buffer> {
    if (this.#state & CLOSED) return this.closedError();
    if (bufsize === 0) return EMPTY;
    if (this.#size > 0) return this.takeHead(bufsize);
    return this.drained() ?? EMPTY;
  }

  static #pollInto(this: StreamReceiveBuffer, target: Uint8Array): Outcome<number> {
    if (this.#state & CLOSED) return this.closedError();
    if (target.length === 0) return 0;
    if (this.#size === 0) return this.drained() ?? 0;
    let copied = 0;
    while (copied < target.length && this.#size > 0) {
      const chunk = this.takeHead(target.length - copied);
      target.set(chunk, copied);
      copied += chunk.length;
    }
    return copied;
  }

  /** With nothing buffered: the failure, PENDING while the source may still deliver, or undefined at EOF. */
  private drained(): Error | typeof PENDING | undefined {
    if (this.#error !== undefined) return this.#error;
    return this.#state & EOF ? undefined : PENDING;
  }

  private closedError(): Error {
    return (this.#error ??= new ClosedResourceError('the transport was closed'));
  }

  /** Takes up to `max` bytes from the head chunk without copying. */
  private takeHead(max: number): Buffer {
    // Only called with bytes buffered, so the array exists.
    const chunks = this.#chunks as Buffer[];
    const head = chunks[0];
    let out: Buffer;
    if (head.length <= max) {
      takeFirst(chunks);
      out = head;
    } else {
      out = head.subarray(0, max);
      chunks[0] = head.subarray(max);
    }
    this.#size -= out.length;
    if (this.#state & PAUSED && this.#size < this.highWaterMark) {
      this.#state &= ~PAUSED;
      if (!(this.#state & HELD)) this.flow.resume();
    }
    return out;
  }
}
