/**
 * A Node `Duplex` over any `AsyncStreamTransport`, so that Node's TLS can run over a memory
 * pair, a stapled transport or another TLS transport as well as a socket (T2).
 *
 * Reads come from `recv`, so bytes the inner transport already buffered (a ClientHello that
 * arrived before the server called `wrap`) are the start of the TLS stream. A read in flight
 * when the Duplex is destroyed is aborted, which takes nothing from the inner transport (C6).
 * Writes are `sendAll`/`sendAllFromIterable`, so the inner transport's flow control reaches
 * Node's TLS. Ending or destroying the Duplex never closes the inner transport: its owner does.
 */
import { Duplex } from 'node:stream';
import type { AsyncStreamTransport } from '../core/abc';

/** How much one read asks of the inner transport: a TLS record is at most 16 KiB plus overhead. */
const READ_SIZE = 64 * 1024;

export class TransportDuplex extends Duplex {
  readonly #inner: AsyncStreamTransport;
  readonly #onInnerEof: () => void;
  readonly #onInnerFailure: (error: Error) => void;
  /** One for the Duplex's life: destroying it aborts the read in flight, if any. */
  readonly #destroyed = new AbortController();
  #reading = false;

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
    if (!this.#reading) this.#pump();
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
    this.#destroyed.abort(new Error('TLS layer closed'));
    callback(error);
  }

  #pump(): void {
    const signal = this.#destroyed.signal;
    this.#reading = true;
    this.#inner.recv(READ_SIZE, { signal }).then(
      (chunk) => {
        this.#reading = false;
        if (chunk.length === 0) {
          this.#onInnerEof();
          this.push(null);
        } else if (this.push(chunk)) {
          this.#pump();
        }
      },
      (error: Error) => {
        this.#reading = false;
        if (signal.aborted) return;
        this.#onInnerFailure(error);
        this.destroy(error);
      },
    );
  }
}
