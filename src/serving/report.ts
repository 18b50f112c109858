/**
 * The default error sinks of `serve(handler)` and of the TLS listener's handshakes, and how a
 * user-supplied sink is called. Two rules, because a server's log is something a peer can
 * write to:
 * - A peer's failure (reset, broken pipe, a handshake the peer abandoned or never finished) is
 *   the peer's business and prints nothing (L7).
 * - Anything else (a handler's bug, a certificate error) prints one warning line at once; the
 *   next ones of the same sink within a minute are counted, not printed, and the next line
 *   printed says how many there were. A flood of failures costs one line a minute.
 * Never a throw: a per-connection error must not reach the shared stream or RxJS's
 * `reportUnhandledError`.
 */
import { TimeoutError } from 'rxjs';
import { BrokenResourceError, IdleTimeoutError } from '../errors';

/** How long, in ms, the failures after a printed line are only counted. */
const QUIET_MS = 60_000;

/** Node's codes for a connection the peer or the path broke. */
const PEER_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True for a failure caused by the peer or the path, not by this program. */
export function isPeerFailure(error: unknown): boolean {
  if (error instanceof BrokenResourceError || error instanceof IdleTimeoutError) return true;
  // A handshake the peer never finished in time (slowloris) is the peer's doing too.
  if (error instanceof TimeoutError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && PEER_CODES.has(code);
}

/**
 * A default sink for `where`: silent for peer failures, else one line, then at most one line a
 * minute with a count of what it held back. `now` is the clock (tests pass their own).
 */
export function defaultReporter(where: string, now: () => number = Date.now): (error: unknown) => void {
  let lastLine = -Infinity;
  let heldBack = 0;
  return (error) => {
    if (isPeerFailure(error)) return;
    const time = now();
    if (time - lastLine < QUIET_MS) {
      heldBack++;
      return;
    }
    const more = heldBack === 0 ? '' : ` (and ${heldBack} more since the last line)`;
    lastLine = time;
    heldBack = 0;
    warn(`${where}: ${describe(error)}${more}`);
  };
}

/** Calls a user-supplied error sink; if the sink itself throws, that is logged and swallowed. */
export function reportSafely(sink: () => void, where: string): void {
  try {
    sink();
  } catch (error) {
    warn(`${where} threw: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function warn(line: string): void {
  console.warn(`rxnet: ${line}`);
}
