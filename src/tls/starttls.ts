/**
 * `startTls` (T7): the guarded STARTTLS upgrade.
 *
 * The injection hole (CVE-2011-0411 and its kin): plaintext that arrived before the upgrade
 * was granted, read afterwards as if it had come over TLS. So `startTls` refuses, sending
 * nothing and leaving the transport open, when the transport holds unread bytes at the moment
 * it is called: on the server, what the client sent after its STARTTLS command; on the client,
 * what the server sent after its go-ahead. Otherwise it sends `goAhead` (server side) and wraps.
 */
import { StartTlsPlaintextBufferedError } from '../errors';
import { attempt, checkBytes } from '../internal/validate';
import { StreamAttribute } from '../typed-attributes';
import type { AsyncStreamTransport } from '../core/abc';
import { AsyncTLSStreamTransport, wrapSettings, type TLSWrapOptions } from './tls';
import type { TLSContext } from './tls-context';

/** Options of `startTls`: `wrap`'s, plus the server's go-ahead line. */
export interface StartTlsOptions extends TLSWrapOptions {
  /** Sent (server side) before the handshake, e.g. `"220 Ready to start TLS\r\n"`. */
  readonly goAhead?: string | ArrayBufferView;
}

/** Upgrades `transport` to TLS unless plaintext is waiting in it (then `ERR_STARTTLS_PLAINTEXT_BUFFERED`). */
export function startTls(transport: AsyncStreamTransport, context: TLSContext, options: StartTlsOptions = {}): Promise<AsyncTLSStreamTransport> {
  return attempt(async () => {
    const { goAhead, ...wrapOptions } = options ?? {};
    const goAheadBytes = typeof goAhead === 'string' ? Buffer.from(goAhead) : goAhead;
    if (goAheadBytes !== undefined) checkBytes(goAheadBytes, 'startTls: options.goAhead');
    wrapSettings(context, wrapOptions);
    if (typeof transport?.extra !== 'function') throw new TypeError('startTls: transport must be an AsyncStreamTransport');
    const buffered = transport.extra(StreamAttribute.bufferedBytes, undefined);
    if (buffered === undefined) {
      throw new TypeError('startTls: the transport does not publish StreamAttribute.bufferedBytes, so the upgrade cannot be guarded');
    }
    if (buffered > 0) {
      throw new StartTlsPlaintextBufferedError(
        `startTls: ${buffered} plaintext byte(s) arrived before the TLS upgrade; refusing to read them as TLS`,
      );
    }
    if (goAheadBytes !== undefined && goAheadBytes.byteLength > 0) await transport.sendAll(goAheadBytes, wrapOptions);
    return AsyncTLSStreamTransport.wrap(transport, context, wrapOptions);
  });
}
