/**
 * `marbleStreamTransport`: a stream transport for marble tests. What it receives comes from an
 * Observable (each value is a chunk; complete = EOF; error = `BrokenResourceError`), and what it
 * sends comes out of `sent$` (complete on `sendEof` or `aclose`). Every step is synchronous: no
 * promise stands between a marble frame and the emission it causes, so `TestScheduler.run`
 * assertions hold at exact frames when the protocol uses `recv$`/`chunks` and `sendAllTo`.
 *
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const t = marbleStreamTransport(cold('-a--b|', { a: 'hi\n', b: 'yo\n' }));
 *   upperCaseLines(t).subscribe();
 *   expectObservable(t.sent$.pipe(map(String))).toBe('-a--b|', { a: 'HI\n', b: 'YO\n' });
 * });
 * ```
 */
import { defer, of, ReplaySubject, type Observable, type Subscription } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { BrokenResourceError, ClosedResourceError } from '../errors';
import { closeAtOnce, signalOf, type AbortOptions } from '../internal/abort';
import { attempt, checkBytes } from '../internal/validate';
import { StreamAttribute, type TypedAttribute, type TypedAttributeMap } from '../typed-attributes';
import { terminationAttributes, TerminationRecorder } from '../core/termination';
import type { AsyncStreamTransport } from '../core/abc';
import { BufferedStreamTransport } from '../reading/buffered';
import { StreamReceiveBuffer } from '../reading/stream-receive-buffer';
import { createTestBackend } from './test-backend';

/** A stream transport whose sent bytes can be observed. */
export interface MarbleStreamTransport extends AsyncStreamTransport {
  /** Each chunk sent, as sent; completes on `sendEof` or `aclose`. Replays to late subscribers. */
  readonly sent$: Observable<Buffer>;
}

/** Options of `marbleStreamTransport`. */
export interface MarbleTransportOptions {
  /** The backend it reports. Default: `createTestBackend()`. */
  readonly backend?: AsyncBackend;
}

/** A stream transport fed by `incoming$` (strings are UTF-8), observed through `sent$`. */
export function marbleStreamTransport(
  incoming$: Observable<string | ArrayBufferView>,
  options: MarbleTransportOptions = {},
): MarbleStreamTransport {
  return new MarbleStream(incoming$, options.backend ?? createTestBackend());
}

/** A value of a marble diagram as bytes. */
export function toBytes(value: string | ArrayBufferView): Buffer {
  if (typeof value === 'string') return Buffer.from(value);
  checkBytes(value, 'marble value');
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

class MarbleStream extends BufferedStreamTransport implements MarbleStreamTransport {
  readonly #sent = new ReplaySubject<Buffer>();
  readonly sent$ = this.#sent.asObservable();
  readonly #subscription: Subscription;
  readonly #backend: AsyncBackend;
  #closing = false;
  #eofSent = false;
  readonly #recorder: TerminationRecorder;
  #bytesReceived = 0;
  #bytesSent = 0;

  constructor(incoming$: Observable<string | ArrayBufferView>, backend: AsyncBackend) {
    super(new StreamReceiveBuffer(Number.MAX_SAFE_INTEGER, { pause: () => undefined, resume: () => undefined }));
    this.#backend = backend;
    this.#recorder = new TerminationRecorder(backend.scheduler, this);
    this.#subscription = incoming$.subscribe({
      next: (value) => {
        const bytes = toBytes(value);
        this.#bytesReceived += bytes.length;
        this.incoming.push(bytes);
      },
      error: (cause: unknown) => {
        this.#recorder.cause('peer-reset', cause);
        this.incoming.fail(new BrokenResourceError('the marble stream errored', { cause }));
      },
      complete: () => {
        this.#recorder.cause('peer-eof');
        this.incoming.end();
      },
    });
  }

  backend(): AsyncBackend {
    return this.#backend;
  }

  isClosing(): boolean {
    return this.#closing;
  }

  sendAll(data: ArrayBufferView, options?: AbortOptions): Promise<void> {
    return attempt(() => {
      checkBytes(data, 'sendAll: data');
      const signal = signalOf(options, 'sendAll');
      if (signal?.aborted) return Promise.reject(signal.reason);
      this.#emit(data);
      return Promise.resolve();
    });
  }

  sendAll$(data: ArrayBufferView): Observable<void> {
    return defer(() => {
      checkBytes(data, 'sendAll$: data');
      this.#emit(data);
      return of(undefined);
    });
  }

  sendEof(): Promise<void> {
    if (this.#closing) return Promise.reject(new ClosedResourceError('the transport was closed'));
    this.#eofSent = true;
    this.#sent.complete();
    return Promise.resolve();
  }

  aclose(options?: AbortOptions): Promise<void> {
    return closeAtOnce(options, (aborted) => {
      if (!this.#closing) {
        this.#closing = true;
        this.incoming.close();
        this.#subscription.unsubscribe();
        this.#sent.complete();
        this.#recorder.closed(aborted ? 'local-abort' : 'local-close', { bytesReceived: this.#bytesReceived, bytesSent: this.#bytesSent });
      }
    });
  }

  override get extraAttributes(): TypedAttributeMap {
    return new Map<TypedAttribute<unknown>, () => unknown>([
      [StreamAttribute.bufferedBytes, () => this.incoming.buffered],
      [StreamAttribute.bytesReceived, () => this.#bytesReceived],
      [StreamAttribute.bytesSent, () => this.#bytesSent],
      ...terminationAttributes(this.#recorder),
    ]);
  }

  #emit(data: ArrayBufferView): void {
    if (this.#closing) throw new ClosedResourceError('the transport was closed');
    if (this.#eofSent) throw new ClosedResourceError('sendEof() was called: the write side is closed');
    if (data.byteLength === 0) return;
    this.#bytesSent += data.byteLength;
    this.#sent.next(Buffer.from(toBytes(data)));
  }
}

