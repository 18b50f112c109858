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
import { BROKEN_CONNECTION_CODES } from '../core/termination';
import { BrokenResourceError, IdleTimeoutError } from '../errors';
import { SocketAttribute } from '../typed-attributes';

/** How long, in ms, the failures after a printed line are only counted. */
const QUIET_MS = 60_000;

/** True for a failure caused by the peer or the path, not by this program. */
export function isPeerFailure(error: unknown): boolean {
  if (error instanceof BrokenResourceError || error instanceof IdleTimeoutError) return true;
  // A handshake the peer never finished in time (slowloris) is the peer's doing too.
  if (error instanceof TimeoutError) return true;
  // Not ECONNREFUSED: a handler whose own outgoing connection is refused has a problem to print.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BROKEN_CONNECTION_CODES.has(code);
}

/**
 * A default sink for `where`: silent for peer failures, else one line naming the peer, then at
 * most one line a minute with a count of what it held back. The sink's second argument is the
 * transport (connections, handshakes) or its third the address (datagrams), whichever the
 * caller gives; `now` is the clock (tests pass their own).
 */
export function defaultReporter(where: string, now: () => number = Date.now): (error: unknown, ...context: unknown[]) => void {
  let lastLine = -Infinity;
  let heldBack = 0;
  return (error, ...context) => {
    if (isPeerFailure(error)) return;
    const time = now();
    if (time - lastLine < QUIET_MS) {
      heldBack++;
      return;
    }
    const more = heldBack === 0 ? '' : ` (and ${heldBack} more since the last line)`;
    lastLine = time;
    heldBack = 0;
    const peer = context.map(peerOf).find((name) => name !== undefined);
    warn(`${where}${peer === undefined ? '' : ` (peer ${peer})`}: ${describe(error)}${more}`);
  };
}

/** `host:port` of a transport's remote end or of an address, when it has one. */
function peerOf(value: unknown): string | undefined {
  const provider = value as { extra?: (attribute: unknown, fallback: undefined) => unknown } | null;
  const address = typeof provider?.extra === 'function' ? provider.extra(SocketAttribute.remoteAddress, undefined) : value;
  if (typeof address === 'string') return address === '' ? undefined : address;
  const { host, port } = (address ?? {}) as { host?: unknown; port?: unknown };
  if (typeof host !== 'string' || typeof port !== 'number') return undefined;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
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
