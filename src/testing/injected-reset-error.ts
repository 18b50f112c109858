/**
 * The error a reset fault delivers: what Node reports for a peer's RST (`ECONNRESET`), so code
 * that recognises a real reset recognises this one. A marble transport or `withFaults` turns it
 * into the `BrokenResourceError` a transport raises after a real reset, with this as `cause`.
 */

/** A connection reset injected by `resetAfter` (`code` `'ECONNRESET'`, as Node's own). */
export class InjectedResetError extends Error {
  /** Node's code for a connection reset by the peer. */
  readonly code = 'ECONNRESET';

  constructor(message = 'connection reset by an injected fault') {
    super(message);
    this.name = 'InjectedResetError';
  }
}
