/**
 * The read side every rxnet transport shares: a transport whose received data waits in a
 * `StreamReceiveBuffer` (streams) or a `DatagramQueue` (datagrams) gets its reads here, once:
 * argument checks, then the buffer's promise fast path or its primitive Observable.
 */
import type { Observable } from 'rxjs';
import { signalOf, type AbortOptions } from '../internal/abort';
import { attempt, checkBytes, checkPositive, checkSize } from '../internal/validate';
import { AbstractAsyncDatagramTransport, AbstractAsyncStreamTransport } from '../core/abc';
import type { DatagramQueue } from './datagram-queue';
import type { StreamReceiveBuffer } from './stream-receive-buffer';

/** A stream transport reading from `incoming` (S1, S2, C3-C6 live in the buffer). */
export abstract class BufferedStreamTransport extends AbstractAsyncStreamTransport {
  constructor(protected readonly incoming: StreamReceiveBuffer) {
    super();
  }

  /** 1..`bufsize` bytes as soon as any are there; empty at EOF and for `recv(0)` (S1, C5, C6). */
  override recv(bufsize: number, options?: AbortOptions): Promise<Buffer> {
    // Not `attempt(() => ...)`: this is the hottest call there is, and that is a closure per call.
    try {
      checkSize(bufsize, 'recv: bufsize');
      return this.incoming.read(bufsize, signalOf(options, 'recv'));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The primitive read `recv` is the promise of: one chunk, then complete (C6). */
  override recv$(bufsize: number): Observable<Buffer> {
    checkSize(bufsize, 'recv$: bufsize');
    return this.incoming.read$(bufsize);
  }

  /** Every chunk until EOF from one subscription: `chunks`'s fast path (C5, C6). */
  chunks$(bufsize: number): Observable<Buffer> {
    checkPositive(bufsize, 'chunks$: bufsize');
    return this.incoming.chunks$(bufsize);
  }

  /** Reads into `buffer`; 0 for a non-empty buffer is EOF (S2). */
  recvInto(buffer: ArrayBufferView, options?: AbortOptions): Promise<number> {
    return attempt(() => {
      checkBytes(buffer, 'recvInto: buffer');
      const target = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      return this.incoming.readInto(target, signalOf(options, 'recvInto'));
    });
  }
}

/** A datagram transport reading from `incoming` (D2, C3-C6 live in the queue). */
export abstract class QueuedDatagramTransport extends AbstractAsyncDatagramTransport {
  constructor(protected readonly incoming: DatagramQueue) {
    super();
  }

  /** The next whole datagram (D1, C5, C6). */
  recv(options?: AbortOptions): Promise<Buffer> {
    try {
      return this.incoming.read(signalOf(options, 'recv'));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The primitive read `recv` is the promise of: one datagram, then complete (C6). */
  override recv$(): Observable<Buffer> {
    return this.incoming.read$();
  }
}
