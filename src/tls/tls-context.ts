/**
 * `TLSContext` (T5): Node's TLS settings, as a plain object with Node's option names or a ready
 * `tls.SecureContext`. One context object yields one secure context, created on first use and
 * reused by every connection made with it, so session resumption and ticket keys work.
 */
import * as tls from 'node:tls';

/** Node's secure-context options plus the per-connection ones rxnet passes on. */
export type TLSContextOptions = tls.SecureContextOptions &
  Pick<tls.TlsOptions, 'ALPNProtocols' | 'requestCert' | 'rejectUnauthorized' | 'SNICallback'> &
  Pick<tls.ConnectionOptions, 'checkServerIdentity'>;

/** What `wrap`, `connectTls`, `listenTls` and `startTls` accept as TLS settings. */
export type TLSContext = TLSContextOptions | tls.SecureContext;

/** A context resolved once: the secure context and the per-connection options. */
export interface ResolvedTLSContext {
  readonly secureContext: tls.SecureContext;
  readonly ALPNProtocols?: TLSContextOptions['ALPNProtocols'];
  readonly requestCert: boolean;
  readonly rejectUnauthorized: boolean;
  readonly SNICallback?: TLSContextOptions['SNICallback'];
  readonly checkServerIdentity?: TLSContextOptions['checkServerIdentity'];
}

const resolved = new WeakMap<object, ResolvedTLSContext>();

/** Resolves `context`, creating its secure context on first use. Throws `TypeError` for a non-object. */
export function resolveTLSContext(context: TLSContext): ResolvedTLSContext {
  if (typeof context !== 'object' || context === null) {
    throw new TypeError('TLS context must be an object of Node TLS options or a tls.SecureContext');
  }
  let entry = resolved.get(context);
  if (entry === undefined) {
    entry = isSecureContext(context)
      ? { secureContext: context, requestCert: false, rejectUnauthorized: true }
      : {
          secureContext: tls.createSecureContext(context),
          ALPNProtocols: context.ALPNProtocols,
          requestCert: context.requestCert ?? false,
          rejectUnauthorized: context.rejectUnauthorized ?? true,
          SNICallback: context.SNICallback,
          checkServerIdentity: context.checkServerIdentity,
        };
    resolved.set(context, entry);
  }
  return entry;
}

/** `tls.createSecureContext` results carry the native `context`; plain option objects do not. */
function isSecureContext(context: TLSContext): context is tls.SecureContext {
  return 'context' in context && typeof (context).context === 'object';
}
