/**
 * `recordListener`: every connection a listener accepts, recorded, for the recipe "record in
 * staging, replay in CI". The connections of one listener share one origin, so `replayConnections`
 * plays them back in the order and at the times they really came and spoke.
 */
import { map, type Observable } from 'rxjs';
import type { AsyncBackend, AsyncListener, AsyncStreamTransport } from '../core/abc';
import type { AbortOptions } from '../internal/abort';
import { checkOptions } from '../internal/validate';
import { AbstractAsyncListener } from '../serving/abstract-listeners';
import type { TypedAttributeMap } from '../typed-attributes';
import { record, type RecordedStreamTransport, type RecordOptions } from './record';
import type { Recording } from './recording';

/** A listener whose connections are recorded. */
export interface RecordingListener extends AsyncListener<RecordedStreamTransport> {
  /** The recordings of every connection accepted so far, in arrival order (snapshots). */
  recordings(): Recording<'stream'>[];
}

/**
 * Wraps `listener` so that each connection it hands out is `record`ed, all timed from one origin
 * (`options.origin`, default: now). `serve(handler, options)` is the library's own, run over the
 * inner listener's `serve()`. Throws `TypeError` at once for a bad option.
 */
export function recordListener(listener: AsyncListener<AsyncStreamTransport>, options: RecordOptions = {}): RecordingListener {
  checkOptions(options, 'recordListener: options');
  if (typeof listener?.serve !== 'function') throw new TypeError('recordListener: listener must be a connection listener');
  const { clock = () => performance.now() } = options;
  if (typeof clock !== 'function') throw new TypeError('recordListener: options.clock must be a function');
  return new RecordingListenerImpl(listener, { clock, origin: options.origin ?? clock() });
}

class RecordingListenerImpl extends AbstractAsyncListener<RecordedStreamTransport> implements RecordingListener {
  readonly #recorded: RecordedStreamTransport[] = [];

  constructor(
    private readonly inner: AsyncListener<AsyncStreamTransport>,
    private readonly options: RecordOptions,
  ) {
    super();
  }

  backend(): AsyncBackend {
    return this.inner.backend();
  }

  isClosing(): boolean {
    return this.inner.isClosing();
  }

  aclose(options?: AbortOptions): Promise<void> {
    return this.inner.aclose(options);
  }

  override get extraAttributes(): TypedAttributeMap {
    return this.inner.extraAttributes;
  }

  recordings(): Recording<'stream'>[] {
    return this.#recorded.map((transport) => transport.recording() as Recording<'stream'>);
  }

  protected connections(): Observable<RecordedStreamTransport> {
    return this.inner.serve().pipe(
      map((transport) => {
        const recorded = record(transport, this.options);
        this.#recorded.push(recorded);
        return recorded;
      }),
    );
  }
}
