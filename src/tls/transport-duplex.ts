/**
 * A Node `Duplex` over any `AsyncStreamTransport`, so that Node's TLS can run over a memory
 * pair, a stapled transport or another TLS transport as well as a socket (T2).
 *
 * Reads come from the inner transport's chunks (`chunksOf`), so bytes it already buffered (a
 * ClientHello that arrived before the server called `wrap`) are the start of the TLS stream.
 * One subscription reads for as long as Node takes what is pushed: no promise and no abort
 * listener per chunk. When Node's buffer is full, or the Duplex is destroyed, the subscription
 * ends at once, which takes nothing more from the inner transport (C6); Node's next `_read`
 * subscribes again.
 * Writes are `sendAll`/`sendAllFromIterable`, so the inner transport's flow control reaches
 * Node's TLS. Ending or destroying the Duplex never closes the inner transport: its owner does.
 */
import { Duplex } from 'node:stream';
import { Subject, takeUntil } from 'rxjs';
import type { AsyncStreamTransport } from '../core/abc';
import { chunksOf } from '../core/chunks-of';

/** How much one read asks of the inner transport: a TLS record is at most 16 KiB plus overhead. */
const READ_SIZE = 64 * 1024;

export class TransportDuplex extends Duplex {
  readonly #inner: AsyncStreamTransport;
  readonly #onInnerEof: () => void;
  readonly #onInnerFailure: (error: Error) => void;
  /**
   * Ends the subscription reading the inner transport, while there is one. A notifier, not the
   * Subscription: what the inner transport already holds is delivered while subscribing, before
   * `subscribe` returns one, and a full buffer must stop that delivery too.
   */
  #stop: Subject<void> | undefined;

  /**
   * @param onInnerEof runs when the inner transport reaches EOF, before the Duplex ends.
   * @param onInnerFailure runs when a read of the inner transport fails (a reset), before the
   *   Duplex is destroyed: Node's TLS reads a destroyed JS stream as a plain end of input.
   */
  constructor(inner: AsyncStreamTransport, onInnerEof: () => void, onInnerFailure: (error: Error) => void = () => undefined) {
    super({ allowHalfOpen: true });
    this.#inner = inner;
    this.#onInnerEof = onInnerEof;
    this.#onInnerFailure = onInnerFailure;
  }

  override _read(): void {
    if (this.#stop === undefined) this.#readInner();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#inner.sendAll(chunk).then(() => callback(), callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.#inner.sendAllFromIterable(chunks.map(({ chunk }) => chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#stopReading();
    callback(error);
  }

  #readInner(): void {
    const stop = new Subject<void>();
    this.#stop = stop;
    chunksOf(this.#inner, READ_SIZE)
      .pipe(takeUntil(stop))
      .subscribe({
        next: (chunk) => {
          if (!this.push(chunk)) this.#stopReading();
        },
        error: (error: Error) => {
          this.#stop = undefined;
          this.#onInnerFailure(error);
          this.destroy(error);
        },
        complete: () => {
          // Stopped (Node's buffer full, or destroyed): not the inner transport's EOF.
          if (this.#stop !== stop) return;
          this.#stop = undefined;
          this.#onInnerEof();
          this.push(null);
        },
      });
  }

  #stopReading(): void {
    const stop = this.#stop;
    this.#stop = undefined;
    stop?.next();
  }
}
