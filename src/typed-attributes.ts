/**
 * Typed attributes (A1, A2): a transport publishes facts about itself (its socket, its
 * addresses, its TLS session) under unique keys, and a wrapper (TLS, stapled) republishes its
 * inner transports' facts, so a caller asks any layer and gets an answer of the right type.
 */
import type * as dgram from 'node:dgram';
import type * as net from 'node:net';
import type * as tls from 'node:tls';
import { TypedAttributeLookupError } from './errors';

/**
 * A unique key for one attribute. Two calls of `typedAttribute` with the same name give two
 * different keys: identity, not the name, is what matches. `T` is the value's type.
 */
export interface TypedAttribute<T> {
  /** For messages and debugging; two keys of one name are still two keys. */
  readonly name: string;
  /** Never set: it only carries `T` so that `extra(attr)` is typed. */
  readonly __valueType?: T;
}

/** Makes a new attribute key; `name` is for messages and debugging only. */
export function typedAttribute<T>(name: string): TypedAttribute<T> {
  if (typeof name !== 'string') throw new TypeError('typedAttribute: name must be a string');
  return Object.freeze({ name });
}

/** Attribute keys mapped to getters. A getter throws `TypedAttributeLookupError` when it has no value. */
export type TypedAttributeMap = ReadonlyMap<TypedAttribute<unknown>, () => unknown>;

/** Anything that publishes typed attributes: transports and listeners. */
export interface TypedAttributeProvider {
  /** The attribute keys this provider knows, each mapped to a getter of its current value. */
  readonly extraAttributes: TypedAttributeMap;
  /** The attribute's value; throws `TypedAttributeLookupError` when the provider has none. */
  extra<T>(attribute: TypedAttribute<T>): T;
  /** The attribute's value, or `fallback` when the provider has none. */
  extra<T, D>(attribute: TypedAttribute<T>, fallback: D): T | D;
}

/**
 * The lookup every provider shares: a missing key and a getter that throws
 * `TypedAttributeLookupError` both mean "no value", answered by the fallback when one is given.
 * `fallback` is the rest of the caller's arguments, so an explicit `undefined` counts as given.
 */
export function lookupAttribute<T>(
  attributes: TypedAttributeMap,
  attribute: TypedAttribute<T>,
  ...fallback: [] | [unknown]
): unknown {
  const getter = attributes.get(attribute);
  if (getter !== undefined) {
    try {
      return getter();
    } catch (error) {
      if (!(error instanceof TypedAttributeLookupError) || fallback.length === 0) throw error;
      return fallback[0];
    }
  }
  if (fallback.length === 0) {
    throw new TypedAttributeLookupError(`attribute ${JSON.stringify(attribute.name)} not found`);
  }
  return fallback[0];
}

/** An IP endpoint: `host` is a literal address (`127.0.0.1`, `::1`), `port` a number. */
export interface InetAddress {
  /** An IP address literal: `'127.0.0.1'`, `'::1'`; IPv4-mapped IPv6 is shown in IPv4 form. */
  readonly host: string;
  /** 0..65535. */
  readonly port: number;
}

/** Address family of a socket, as Node names it; `'unix'` for Unix domain sockets. */
export type SocketFamily = 'IPv4' | 'IPv6' | 'unix';

/**
 * Attributes of socket-backed transports and listeners (A2). Addresses are `InetAddress` for
 * TCP/UDP and a path for Unix. A listener or an unconnected socket has no `remoteAddress`.
 */
export const SocketAttribute = Object.freeze({
  /** The Node socket under the transport. Touching it bypasses rxnet's guarantees. */
  socket: typedAttribute<net.Socket | dgram.Socket>('socket'),
  /** `'IPv4'`, `'IPv6'`, or `'unix'`. */
  family: typedAttribute<SocketFamily>('family'),
  /** This end: an `InetAddress` (TCP, UDP), a path (Unix; `''` when unnamed). */
  localAddress: typedAttribute<InetAddress | string>('localAddress'),
  /** The peer's end, as `localAddress`; a listener or an unconnected socket has none. */
  remoteAddress: typedAttribute<InetAddress | string>('remoteAddress'),
});

/** Attributes of stream transports that buffer what they receive (S6), and their counters (O2). */
export const StreamAttribute = Object.freeze({
  /** Bytes received and not yet read by `recv`. */
  bufferedBytes: typedAttribute<number>('bufferedBytes'),
  /** Reading pauses once this many unread bytes are held. */
  highWaterMark: typedAttribute<number>('highWaterMark'),
  /** Bytes received so far (cleartext, for TLS). */
  bytesReceived: typedAttribute<number>('bytesReceived'),
  /** Bytes sent so far, including those Node still queues (cleartext, for TLS). */
  bytesSent: typedAttribute<number>('bytesSent'),
});

/** Attributes of datagram transports and listeners that queue what they receive (D2). */
export const DatagramAttribute = Object.freeze({
  /** Datagrams received and not yet read. */
  queuedDatagrams: typedAttribute<number>('queuedDatagrams'),
  /** Datagrams received since the listener was bound (UDP listeners). */
  receivedDatagrams: typedAttribute<number>('receivedDatagrams'),
  /** Datagrams dropped because the queue was full, since the transport was made. */
  droppedDatagrams: typedAttribute<number>('droppedDatagrams'),
  /** The queue's bound. */
  maxQueuedDatagrams: typedAttribute<number>('maxQueuedDatagrams'),
});

/**
 * Attributes of connection listeners (P2): counts read when asked, never computed per
 * connection. A TLS listener publishes those of the TCP listener under it, so a handshake in
 * flight is an open connection.
 */
export const ListenerAttribute = Object.freeze({
  /** Connections accepted since the listener was bound. */
  acceptedConnections: typedAttribute<number>('acceptedConnections'),
  /** Connections accepted and not yet closed: waiting to be handed out, or handed out and open. */
  openConnections: typedAttribute<number>('openConnections'),
  /** Connections accepted and waiting in the early queue for `serve` (L1). */
  waitingConnections: typedAttribute<number>('waitingConnections'),
  /** Connections closed at once: over `maxConnections`, or beyond the early queue's bound. */
  refusedConnections: typedAttribute<number>('refusedConnections'),
  /** The bound of `openConnections`. */
  maxConnections: typedAttribute<number>('maxConnections'),
  /** Handlers of `serve(handler)` that failed (connection and datagram listeners). */
  handlerErrors: typedAttribute<number>('handlerErrors'),
  /** TLS handshakes that failed or timed out (TLS listeners). */
  handshakesFailed: typedAttribute<number>('handshakesFailed'),
});

/**
 * Attributes of TLS transports (A3). A TLS transport also publishes every attribute of the
 * transport it wraps. A value that does not exist (no peer certificate, no ALPN protocol
 * negotiated, no session yet) is a `TypedAttributeLookupError`, never null.
 */
export const TLSAttribute = Object.freeze({
  /** Node's TLS socket doing the cryptography. Touching it bypasses rxnet's guarantees. */
  tlsSocket: typedAttribute<tls.TLSSocket>('tlsSocket'),
  /** The peer's certificate, with its issuer chain; none when the peer sent none. */
  peerCertificate: typedAttribute<tls.PeerCertificate>('peerCertificate'),
  /** The negotiated cipher suite. */
  cipher: typedAttribute<tls.CipherNameAndProtocol>('cipher'),
  /** The negotiated protocol version, e.g. `'TLSv1.3'`. */
  tlsVersion: typedAttribute<string>('tlsVersion'),
  /** The protocol ALPN chose; none when no protocol was negotiated. */
  alpnProtocol: typedAttribute<string>('alpnProtocol'),
  /** Which side of the handshake this transport was. */
  serverSide: typedAttribute<boolean>('serverSide'),
  /** The closing mode (T4). */
  standardCompatible: typedAttribute<boolean>('standardCompatible'),
  /** The secure context the connection was made with (one per context object, T5). */
  secureContext: typedAttribute<tls.SecureContext>('secureContext'),
  /** The session to resume with (`wrap`'s `session` option); TLS 1.3 sends it after the handshake. */
  session: typedAttribute<Buffer>('session'),
  /** Whether this connection resumed an earlier session. */
  sessionReused: typedAttribute<boolean>('sessionReused'),
});
