/**
 * The hot half of every listener (L1, L2): arrivals are accepted from the moment the listener
 * exists; while nobody subscribes they wait in a bounded queue and are then emitted first, in
 * order. Beyond the bound an arrival is discarded (a connection closed, a datagram dropped), as
 * a kernel backlog would. One subscriber at a time.
 */
import { Observable } from 'rxjs';
import { BusyResourceError, ClosedResourceError } from '../errors';

/** Where an attached subscriber receives arrivals. */
export interface ArrivalSink<T> {
  next(item: T): void;
  complete(): void;
}

export class ArrivalQueue<T> {
  readonly #queue: T[] = [];
  #sink: ArrivalSink<T> | undefined;
  #ended = false;

  constructor(
    readonly limit: number,
    private readonly discard: (item: T) => void,
  ) {}

  /** Arrivals waiting for a subscriber. */
  get queued(): number {
    return this.#queue.length;
  }

  /** One arrival from the adapter. */
  push(item: T): void {
    if (this.#sink !== undefined) this.#sink.next(item);
    else if (!this.#ended && this.#queue.length < this.limit) this.#queue.push(item);
    else this.discard(item);
  }

  /** No more arrivals: the subscriber completes, and what nobody took is discarded. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const item of this.#queue.splice(0)) this.discard(item);
    this.#sink?.complete();
  }

  /**
   * Attaches the one subscriber: queued arrivals first, then live ones. Throws
   * `BusyResourceError` while another is attached, `ClosedResourceError` once ended.
   */
  attach(sink: ArrivalSink<T>): void {
    if (this.#sink !== undefined) throw new BusyResourceError('serve() already has a subscriber');
    if (this.#ended) throw new ClosedResourceError('the listener was closed');
    this.#sink = sink;
    while (this.#queue.length > 0 && this.#sink === sink) sink.next(this.#queue.shift() as T);
  }

  /**
   * The listener's `serve()`: attaches each subscriber (erroring Busy/Closed as `attach` does)
   * and detaches it on teardown. `onAbandon` runs when the subscriber unsubscribed before the
   * queue ended, which is when L5 closes what the subscription produced.
   */
  observe(onAbandon: () => void): Observable<T> {
    return new Observable<T>((subscriber) => {
      let ended = false;
      const sink: ArrivalSink<T> = {
        next: (item) => subscriber.next(item),
        complete: () => {
          ended = true;
          subscriber.complete();
        },
      };
      try {
        this.attach(sink);
      } catch (error) {
        subscriber.error(error);
        return;
      }
      return () => {
        this.detach(sink);
        if (!ended) onAbandon();
      };
    });
  }

  /** Detaches `sink` (if it is the attached one); later arrivals queue again. */
  detach(sink: ArrivalSink<T>): void {
    if (this.#sink === sink) this.#sink = undefined;
  }
}
