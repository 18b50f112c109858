/**
 * Every error class rxnet throws (C8). Each has a stable `code`, so callers can branch on
 * `err.code` as they do on Node's own errors; a lower-level error travels as `cause`.
 *
 * Connect and bind failures are not wrapped: they reject with Node's error (ECONNREFUSED,
 * EADDRINUSE, ENOENT, ...). Timeouts reject with RxJS's `TimeoutError`.
 */

/** Base class of rxnet's errors: an `Error` with a stable, machine-readable `code`. */
export abstract class RxnetError extends Error {
  /** A stable, machine-readable identifier of the error's kind (`ERR_...`). */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The resource was closed by this side (`aclose`, `acloseForcefully`, `sendEof` for sends,
 * unsubscribing from `serve`). Local close wins over every other state (C3).
 */
export class ClosedResourceError extends RxnetError {
  /** Always `'ERR_CLOSED_RESOURCE'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_CLOSED_RESOURCE';

  constructor(message = 'the resource was closed', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The peer or the path failed (reset, broken pipe, TLS alert mid-stream). `cause` holds the
 * underlying Node error. Sticky: every later operation rejects with the same error (C4).
 */
export class BrokenResourceError extends RxnetError {
  /** Always `'ERR_BROKEN_RESOURCE'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_BROKEN_RESOURCE';

  constructor(message = 'the resource is broken', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * An operation that allows one caller at a time was called while another was pending:
 * a second concurrent `recv` (C5) or a second `serve` subscriber (L2).
 */
export class BusyResourceError extends RxnetError {
  /** Always `'ERR_BUSY_RESOURCE'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_BUSY_RESOURCE';

  constructor(message = 'another task is already using this resource', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The transport cannot do this at all, e.g. `sendEof` on TLS (S5). */
export class UnsupportedOperation extends RxnetError {
  /** Always `'ERR_UNSUPPORTED_OPERATION'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_UNSUPPORTED_OPERATION';

  constructor(message = 'operation not supported', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A typed attribute was asked for that the provider does not have (A1). */
export class TypedAttributeLookupError extends RxnetError {
  /** Always `'ERR_TYPED_ATTRIBUTE_LOOKUP'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_TYPED_ATTRIBUTE_LOOKUP';

  constructor(message = 'attribute not found', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * `startTls` refused: plaintext had arrived before the upgrade was granted, and reading it as
 * if it came over TLS is the STARTTLS injection hole (CVE-2011-0411 and its kin) (T7).
 */
export class StartTlsPlaintextBufferedError extends RxnetError {
  /** Always `'ERR_STARTTLS_PLAINTEXT_BUFFERED'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_STARTTLS_PLAINTEXT_BUFFERED';

  constructor(message = 'plaintext arrived before the TLS upgrade: refusing to read it as TLS', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A decoder met a frame longer than its limit; it refused before buffering the frame. */
export class FrameTooLargeError extends RxnetError {
  /** Always `'ERR_FRAME_TOO_LARGE'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_FRAME_TOO_LARGE';

  constructor(message = 'frame larger than the limit', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The byte stream ended in the middle of a frame. */
export class IncompleteFrameError extends RxnetError {
  /** Always `'ERR_INCOMPLETE_FRAME'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_INCOMPLETE_FRAME';

  constructor(message = 'the stream ended in the middle of a frame', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The transport was closed abruptly because no byte was received or sent for its
 * `idleTimeout` (P3). Sticky: the pending `recv`/`sendAll`, and every later one, reject with it.
 * Not a `BrokenResourceError`: the peer did nothing wrong on the wire, this side's policy ended
 * the connection; the default `onError` treats it as the peer's business all the same.
 */
export class IdleTimeoutError extends RxnetError {
  /** Always `'ERR_IDLE_TIMEOUT'`: branch on it as on Node's own error codes. */
  readonly code = 'ERR_IDLE_TIMEOUT';

  constructor(message = 'no byte received or sent within the idle timeout', options?: { cause?: unknown }) {
    super(message, options);
  }
}
