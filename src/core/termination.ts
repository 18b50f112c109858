/**
 * O1: how a transport ended, as a value. A transport's adapter records causes as it sees them
 * (`cause`); the first one is the reason, decided at that moment and never changed, so racing
 * causes (a peer's reset during a local close) resolve to whichever happened first. When the
 * transport has closed (`closed`), the termination is complete: reason, the error behind it,
 * and, for stream transports, the bytes each way and how long the connection lived.
 *
 * Read it from the transport's attributes: `TransportAttribute.termination` once closed (a
 * lookup error before), or `TransportAttribute.terminated$`, which emits it once and completes.
 */
import { channel } from 'node:diagnostics_channel';
import { Observable, type SchedulerLike } from 'rxjs';
import { BrokenResourceError, IdleTimeoutError, TypedAttributeLookupError } from '../errors';
import { typedAttribute, type TypedAttribute } from '../typed-attributes';

/**
 * Why a transport ended:
 * - `local-close`: this side's graceful `aclose`;
 * - `local-abort`: this side closed it abruptly (`acloseForcefully`, an aborted signal,
 *   unsubscribing from `serve`, a graceful drain's deadline);
 * - `peer-eof`: the peer ended its side of the stream first (a FIN, a TLS close_notify);
 * - `peer-reset`: the peer or the path broke it (ECONNRESET, EPIPE, ICMP refused);
 * - `idle-timeout`: no byte either way for `idleTimeout` (P3);
 * - `handshake-timeout`, `handshake-failed`: a TLS handshake that did not finish (T3);
 * - `tls-truncated`: the stream ended without close_notify, in standard mode (T4);
 * - `tls-alert`: a TLS alert or protocol error mid-stream;
 * - `error`: anything else, with the error.
 */
export type TerminationReason =
  | 'local-close'
  | 'local-abort'
  | 'peer-eof'
  | 'peer-reset'
  | 'idle-timeout'
  | 'handshake-timeout'
  | 'handshake-failed'
  | 'tls-truncated'
  | 'tls-alert'
  | 'error';

/** How one transport ended (O1). */
export interface Termination {
  /** Why it ended: the first cause seen, never changed afterwards. */
  readonly reason: TerminationReason;
  /** The error behind the reason, when there is one (the Node error of a reset, the TLS alert). */
  readonly error?: unknown;
  /** Stream transports: bytes received over the transport's life (cleartext, for TLS). */
  readonly bytesReceived?: number;
  /** Stream transports: bytes sent over the transport's life (cleartext, for TLS). */
  readonly bytesSent?: number;
  /** Milliseconds from the transport's creation to its close, on its backend's scheduler. */
  readonly durationMs: number;
}

/** How a transport ended (O1), on every rxnet transport. */
export const TransportAttribute = Object.freeze({
  /** The termination once the transport has closed; a lookup error while it is open. */
  termination: typedAttribute<Termination>('termination'),
  /** Emits the termination once the transport has closed (at once if it has), then completes. */
  terminated$: typedAttribute<Observable<Termination>>('terminated$'),
});

/** The `diagnostics_channel` a termination is published on (see `core/diagnostics.ts`). */
export const TRANSPORT_CLOSED_CHANNEL = 'rxnet:transport:closed';

/** The message of `rxnet:transport:closed`: a transport closed, and how (O1). */
export interface TransportClosedMessage {
  /** The transport that closed. */
  readonly transport: object;
  /** How it ended. */
  readonly termination: Termination;
}

const transportClosed = channel(TRANSPORT_CLOSED_CHANNEL);

/** Byte counts a stream transport gives when it closes. */
export interface ByteCounts {
  readonly bytesReceived: number;
  readonly bytesSent: number;
}

/**
 * The record one transport keeps of how it ends; made by the transport, fed by its adapter.
 * A server holds one per connection, so it is a few fields: the `Termination` object is built
 * only when someone reads it or listens, and `terminated$` only when asked for.
 */
export class TerminationRecorder {
  readonly #startedAt: number;
  #reason: TerminationReason | undefined;
  #error: unknown;
  #closedAt: number | undefined;
  #counts: ByteCounts | undefined;
  #termination: Termination | undefined;
  #listeners: Array<(termination: Termination) => void> | undefined;

  /** @param startedAt when the transport was made, if not now (a transport may make its recorder late). */
  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly transport: object,
    startedAt: number = scheduler.now(),
  ) {
    this.#startedAt = startedAt;
  }

  /** A cause seen now; the first one recorded is the reason. */
  cause(reason: TerminationReason, error?: unknown): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#error = error;
  }

  /** The reason recorded so far, if any. */
  get reason(): TerminationReason | undefined {
    return this.#reason;
  }

  /**
   * The transport has closed: the termination is complete. `fallback` is the reason when no
   * cause was recorded (the adapter knows what closing without one means for it). Idempotent.
   */
  closed(fallback: TerminationReason, counts?: ByteCounts): void {
    if (this.#closedAt !== undefined) return;
    this.cause(fallback);
    this.#closedAt = this.scheduler.now();
    this.#counts = counts;
    if (this.#listeners !== undefined) for (const listener of this.#listeners.splice(0)) listener(this.termination);
    if (transportClosed.hasSubscribers) transportClosed.publish({ transport: this.transport, termination: this.termination } satisfies TransportClosedMessage);
  }

  /** The termination, once closed; a lookup error before (A3: a missing value is not null). */
  get termination(): Termination {
    if (this.#closedAt === undefined) throw new TypedAttributeLookupError('the transport has not closed yet');
    return (this.#termination ??= {
      reason: this.#reason as TerminationReason,
      ...(this.#error === undefined ? {} : { error: this.#error }),
      ...this.#counts,
      durationMs: this.#closedAt - this.#startedAt,
    });
  }

  /** Emits the termination once the transport has closed (at once if it has), then completes. */
  get terminated$(): Observable<Termination> {
    return new Observable<Termination>((subscriber) => {
      const emit = (termination: Termination): void => {
        subscriber.next(termination);
        subscriber.complete();
      };
      if (this.#closedAt !== undefined) return emit(this.termination);
      (this.#listeners ??= []).push(emit);
      return () => {
        const index = this.#listeners?.indexOf(emit) ?? -1;
        if (index >= 0) this.#listeners?.splice(index, 1);
      };
    });
  }
}

/** The attributes every transport publishes from its recorder. */
export function terminationAttributes(recorder: TerminationRecorder): Array<[TypedAttribute<unknown>, () => unknown]> {
  return [
    [TransportAttribute.termination, () => recorder.termination],
    [TransportAttribute.terminated$, () => recorder.terminated$],
  ];
}

/**
 * What a transport that records its termination offers a wrapper that closes it for a reason
 * only the wrapper saw (a TLS handshake that failed over it): a method under this symbol.
 */
export const RECORD_CAUSE = Symbol('rxnet.recordCause');

/** Records `reason` on `transport` if it keeps a termination record (structural: any transport may). */
export function recordCause(transport: object, reason: TerminationReason, error?: unknown): void {
  const record = (transport as { [RECORD_CAUSE]?: (reason: TerminationReason, error?: unknown) => void })[RECORD_CAUSE];
  if (typeof record === 'function') record.call(transport, reason, error);
}

/**
 * The reason a Node error gives: the peer's reset, or something else. A `BrokenResourceError`
 * gives its cause's reason: a layer above a transport (TLS, a fault wrapper) sees the transport's
 * error, not Node's, and its peer's reset is still a reset.
 */
export function reasonOf(error: unknown): TerminationReason {
  if (error instanceof IdleTimeoutError) return 'idle-timeout';
  if (error instanceof BrokenResourceError && error.cause !== undefined) return reasonOf(error.cause);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 'error';
  // ECONNREFUSED on an established transport is the path refusing it (ICMP port unreachable).
  if (BROKEN_CONNECTION_CODES.has(code) || code === 'ECONNREFUSED') return 'peer-reset';
  return code.startsWith('ERR_SSL') ? 'tls-alert' : 'error';
}

/** Node's codes for a connection the peer or the path broke: a reset, a closed pipe, a dead route. */
export const BROKEN_CONNECTION_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
