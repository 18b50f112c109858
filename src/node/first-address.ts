/**
 * Host names for the root entry points. `listenTcp`/`listenUdp` bind a host name's first
 * address, as `net.Server.listen` does; the backend's factories bind them all. Name resolution
 * lives here because it is Node's (`node:dns`, `net.isIP`), not the contract's.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** `options` with a host name replaced by its first address; anything else untouched (the backend validates). */
export async function atFirstAddress<T extends { readonly host?: string; readonly family?: 'IPv4' | 'IPv6' }>(options: T): Promise<T> {
  const host = options?.host;
  if (typeof host !== 'string' || host === '' || isIP(host) !== 0) return options;
  const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : 0;
  return { ...options, host: (await lookup(host, { family })).address };
}
