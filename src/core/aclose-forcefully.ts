/**
 * `acloseForcefully`: close at once, skipping every graceful exchange.
 *
 * Why it exists: a graceful `aclose` may wait (for buffered data to flush, for a TLS
 * close_notify), which is wrong on an error path or in a teardown. The guarantee (it cannot block
 * and never rejects) lives in every transport's `aclose`: an already-aborted signal closes
 * abruptly (C2), so this is the seed's "cancel `aclose` at once", written with an `AbortSignal`.
 */
import type { AbortOptions } from '../internal/abort';

/** What `acloseForcefully` accepts: anything with the seed's `aclose`. */
export interface TransportLike {
  /** The transport's close; `acloseForcefully` calls it with an already-aborted signal (C2). */
  aclose(options?: AbortOptions): Promise<void>;
}

const ALREADY_ABORTED = AbortSignal.abort(new Error('acloseForcefully'));

/** Closes `transport` abruptly and at once; never rejects, never waits on the peer (C2). */
export async function acloseForcefully(transport: TransportLike): Promise<void> {
  await transport.aclose({ signal: ALREADY_ABORTED }).catch(() => undefined);
}

/**
 * Where a transport that can end its connection with a reset the peer sees (TCP: RST; a memory
 * pair: its simulated failure) offers it. Only the transport's own adapter knows how, so code
 * that wraps transports (fault injection) asks through this key, never through the socket.
 */
export const RESET = Symbol('rxnet.reset');

/**
 * Closes `transport` abruptly with a reset where it offers one (`RESET`), so the peer's reads
 * fail as after a crash or a middlebox's RST; elsewhere exactly `acloseForcefully`. Never rejects.
 */
export async function resetForcefully(transport: TransportLike): Promise<void> {
  const reset = (transport as TransportLike & { [RESET]?: () => void })[RESET];
  if (typeof reset === 'function') reset.call(transport);
  await acloseForcefully(transport);
}
