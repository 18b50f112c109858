/**
 * `InetAddress` at the edge of a UDP socket. A dual-stack socket reports IPv4 peers as
 * IPv4-mapped IPv6 (`::ffff:127.0.0.1`) and refuses plain IPv4 destinations (EINVAL); rxnet
 * shows and accepts the plain form, so an address received is an address you can reply to.
 */
import { isIP } from 'node:net';
import { checkPort } from '../internal/validate';
import type { InetAddress } from '../typed-attributes';

const MAPPED_PREFIX = '::ffff:';

/** The address a datagram came from, IPv4-mapped form unwrapped. */
export function peerAddress(host: string, port: number): InetAddress {
  if (host.startsWith(MAPPED_PREFIX) && isIP(host.slice(MAPPED_PREFIX.length)) === 4) {
    return { host: host.slice(MAPPED_PREFIX.length), port };
  }
  return { host, port };
}

/** The host to pass to `dgram` for `host`, from a socket of `socketType`. */
export function destinationHost(socketType: 'udp4' | 'udp6', host: string): string {
  return socketType === 'udp6' && isIP(host) === 4 ? MAPPED_PREFIX + host : host;
}

/** Throws `TypeError`/`RangeError` unless `address` is `{ host: <IP literal>, port: 1..65535 }`. */
export function checkInetAddress(address: unknown, name: string): asserts address is InetAddress {
  if (typeof address !== 'object' || address === null) {
    throw new TypeError(`${name} must be an object { host, port }, got ${address === null ? 'null' : typeof address}`);
  }
  const { host, port } = address as { host?: unknown; port?: unknown };
  if (typeof host !== 'string' || (host !== lastValidHost && isIP(host) === 0)) {
    throw new TypeError(`${name}.host must be an IP address literal (e.g. '127.0.0.1', '::1'), got ${JSON.stringify(host)}`);
  }
  checkPort(port, `${name}.port`, false);
  lastValidHost = host;
}

/**
 * The host the last valid address had. A server replies to the same few peers again and again,
 * and `isIP` runs regular expressions: comparing with the last host skips them for most replies.
 */
let lastValidHost: string | undefined;
