/**
 * `replay`: a recorded session played back in virtual time. The peer's side of the recording
 * (what the transport received, its EOF or its failure) arrives at the recorded times, through
 * a marble transport, so the code under test meets exactly the session it met live, inside
 * `TestScheduler.run`, in microseconds and the same way every time. What the code sends comes
 * out of `sent$`, for `sentMatchesRecording` to hold against what it sent live.
 *
 * ```ts
 * testScheduler.run(() => {
 *   const listener = marbleListener(replayConnections(recordings, { receive: rechunk({ seed: 1 }) }));
 *   chatServer(listener).subscribe();
 * });
 * ```
 */
import { asyncScheduler, map, Observable, Subscription, timer, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { checkOptions } from '../internal/validate';
import { marbleDatagramTransport, type MarbleDatagramTransport } from './marble-datagram-transport';
import { marbleStreamTransport, type MarbleStreamTransport } from './marble-stream-transport';
import { dataOf, errorOf, parseRecording, type Recording } from './recording';

/** Options of `replay` and `replayConnections`. */
export interface ReplayOptions {
  /** A fault (or any operator) between the recorded peer and the code under test: `rechunk`, `latency`... */
  readonly receive?: OperatorFunction<Buffer, Buffer>;
  /** The marble transports' backend; its scheduler times the playback. Default: `createTestBackend()`, on `asyncScheduler`. */
  readonly backend?: AsyncBackend;
}

/**
 * What the transport received in `recording`, each at its recorded time after subscription:
 * bytes or datagrams, then completion at EOF or a copy of the read error. Without either it stays
 * open, as the peer did.
 */
export function recordedPeer(recording: Recording, scheduler: SchedulerLike = asyncScheduler): Observable<Buffer> {
  const { events } = parseRecording(recording);
  return new Observable<Buffer>((subscriber) => {
    const timers = new Subscription();
    for (const event of events) {
      const at = (act: () => void): void => void timers.add(scheduler.schedule(act, event.t));
      if (event.type === 'received') at(() => subscriber.next(dataOf(event)));
      else if (event.type === 'received-eof') at(() => subscriber.complete());
      else if (event.type === 'received-error') at(() => subscriber.error(errorOf(event)));
    }
    return timers;
  });
}

/** A marble transport of the recording's kind that plays its peer back (through `options.receive`). */
export function replay(recording: Recording<'stream'>, options?: ReplayOptions): MarbleStreamTransport;
export function replay(recording: Recording<'datagram'>, options?: ReplayOptions): MarbleDatagramTransport;
export function replay(recording: Recording, options?: ReplayOptions): MarbleStreamTransport | MarbleDatagramTransport;
export function replay(recording: Recording, options: ReplayOptions = {}): MarbleStreamTransport | MarbleDatagramTransport {
  checkOptions(options, 'replay: options');
  const checked = parseRecording(recording);
  const scheduler = options.backend?.scheduler ?? asyncScheduler;
  const peer = recordedPeer(checked, scheduler);
  const incoming = options.receive === undefined ? peer : peer.pipe(options.receive);
  const marbleOptions = options.backend === undefined ? {} : { backend: options.backend };
  return checked.kind === 'stream' ? marbleStreamTransport(incoming, marbleOptions) : marbleDatagramTransport(incoming, marbleOptions);
}

/**
 * The replayed connections of a session, each emitted at its recording's `start` (scheduler time
 * after subscription): feed it to `marbleListener` and the server under test meets its clients
 * in their real order. Throws `TypeError` at once for a recording that is not of a stream.
 */
export function replayConnections(recordings: readonly Recording[], options: ReplayOptions = {}): Observable<MarbleStreamTransport> {
  const checked = recordings.map((recording, index) => {
    const parsed = parseRecording(recording);
    if (parsed.kind !== 'stream') throw new TypeError(`replayConnections: recordings[${index}] is of a datagram transport`);
    return parsed as Recording<'stream'>;
  });
  const scheduler = options.backend?.scheduler ?? asyncScheduler;
  return new Observable<MarbleStreamTransport>((subscriber) => {
    const timers = new Subscription();
    let left = checked.length;
    if (left === 0) subscriber.complete();
    for (const recording of checked) {
      timers.add(
        timer(Math.max(0, recording.start), scheduler)
          .pipe(map(() => replay(recording, options)))
          .subscribe((transport) => {
            subscriber.next(transport);
            if (--left === 0) subscriber.complete();
          }),
      );
    }
    return timers;
  });
}
