/**
 * The readable state of a datagram transport: whole datagrams wait here until `recv` takes one.
 *
 * D2: at most `limit` unread datagrams; when full, a new one is dropped and counted, as the
 * kernel drops what overflows a socket's receive buffer. C3: after `close()` every read
 * rejects `ClosedResourceError`. C4: after `fail(error)` the queued datagrams come first, then
 * `error` for good. C5: one pending read (see `SingleReader`, its base).
 */
import type { Observable } from 'rxjs';
import { ClosedResourceError } from '../errors';
import { takeFirst } from '../internal/take-first';
import { PENDING, SingleReader, type Outcome } from './single-reader';

export class DatagramQueue extends SingleReader {
  readonly #items: Buffer[] = [];
  #dropped = 0;
  #failure: Error | undefined;
  #closed: ClosedResourceError | undefined;

  constructor(readonly limit: number) {
    super();
  }

  /** Datagrams waiting to be read. */
  get queued(): number {
    return this.#items.length;
  }

  /** Datagrams dropped because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** One datagram from the source; dropped and counted when the queue is full. */
  push(datagram: Buffer): void {
    if (this.#closed !== undefined) return;
    if (this.#items.length >= this.limit) {
      this.#dropped++;
      return;
    }
    this.#items.push(datagram);
    this.wake();
  }

  /** The source failed: after the queued datagrams, reads reject with `error` (sticky). */
  fail(error: Error): void {
    this.#failure ??= error;
    this.wake();
  }

  /** Local close: drops the queue and rejects the pending read and every later one. */
  close(error = new ClosedResourceError()): void {
    if (this.#closed !== undefined) return;
    this.#closed = error;
    this.#items.length = 0;
    this.wake();
  }

  /** The primitive read: emits the next datagram and completes. */
  read$(): Observable<Buffer> {
    return this.readWith$(this.#poll, undefined);
  }

  /** `read$` as a promise, skipping the Observable when a datagram is already queued. */
  read(signal?: AbortSignal): Promise<Buffer> {
    return this.readWith(this.#poll, undefined, signal);
  }

  #poll(): Outcome<Buffer> {
    if (this.#closed !== undefined) return this.#closed;
    if (this.#items.length > 0) return takeFirst(this.#items) as Buffer;
    return this.#failure ?? PENDING;
  }
}
