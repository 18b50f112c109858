/**
 * O2: rxnet's `diagnostics_channel` channels, every one named here with its message type, as
 * Node's `net` and undici publish theirs. A message is built and published only when the
 * channel has subscribers, so a process that does not listen pays one property read.
 * `rxnet:transport:closed` is published by the termination recorder (`termination.ts`).
 *
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe('rxnet:transport:closed', (message) => console.log((message as TransportClosedMessage).termination.reason));
 * ```
 */
import { channel } from 'node:diagnostics_channel';
import { TRANSPORT_CLOSED_CHANNEL, type TransportClosedMessage } from './termination';

export type { TransportClosedMessage };

/** The name of every channel rxnet publishes on. */
export const CHANNELS = Object.freeze({
  /** {@link ListenerMessage}: a listener was bound. */
  listenerBound: 'rxnet:listener:bound',
  /** {@link ListenerMessage}: a listener stopped accepting. */
  listenerClosed: 'rxnet:listener:closed',
  /** {@link ConnectionAcceptedMessage}: a connection was accepted. */
  connectionAccepted: 'rxnet:connection:accepted',
  /** {@link TransportClosedMessage}: a transport closed, and how. */
  transportClosed: TRANSPORT_CLOSED_CHANNEL,
  /** {@link HandshakeStartMessage}: a TLS handshake began. */
  handshakeStart: 'rxnet:tls:handshake:start',
  /** {@link HandshakeSuccessMessage}: a TLS handshake finished. */
  handshakeSuccess: 'rxnet:tls:handshake:success',
  /** {@link HandshakeFailureMessage}: a TLS handshake failed or timed out. */
  handshakeFailure: 'rxnet:tls:handshake:failure',
  /** {@link DatagramDroppedMessage}: a listener's datagram queue was full. */
  datagramDropped: 'rxnet:datagram:dropped',
  /** {@link HandlerFailedMessage}: a `serve(handler)` handler failed. */
  handlerFailed: 'rxnet:handler:failed',
});

/** `rxnet:listener:bound`, `rxnet:listener:closed`: a listener started or stopped accepting. */
export interface ListenerMessage {
  /** The listener. */
  readonly listener: object;
  /** `InetAddress` for TCP/UDP, a path for Unix. */
  readonly localAddress: unknown;
}

/** `rxnet:connection:accepted`: a listener accepted a connection (before it is handed out). */
export interface ConnectionAcceptedMessage {
  /** The listener that accepted it. */
  readonly listener: object;
  /** The new transport, not yet handed out. */
  readonly transport: object;
}

/** `rxnet:tls:handshake:start`: a TLS handshake began over `transport` (the inner one). */
export interface HandshakeStartMessage {
  /** The transport the handshake runs over. */
  readonly transport: object;
  /** Whether this side is the TLS server. */
  readonly serverSide: boolean;
}

/** `rxnet:tls:handshake:success`: the handshake over `transport` finished. */
export interface HandshakeSuccessMessage {
  /** The transport the handshake ran over. */
  readonly transport: object;
  /** Whether this side is the TLS server. */
  readonly serverSide: boolean;
  /** From the start of the handshake to its end, on the backend's scheduler. */
  readonly durationMs: number;
  /** The negotiated version, e.g. `'TLSv1.3'`. */
  readonly protocol: string | null;
}

/** `rxnet:tls:handshake:failure`: the handshake over `transport` failed or timed out (T3). */
export interface HandshakeFailureMessage {
  /** The transport the handshake ran over; it is closed abruptly next (T3). */
  readonly transport: object;
  /** Whether this side is the TLS server. */
  readonly serverSide: boolean;
  /** From the start of the handshake to its failure, on the backend's scheduler. */
  readonly durationMs: number;
  /** Timed out, or failed with an error. */
  readonly reason: 'handshake-timeout' | 'handshake-failed';
  /** Node's TLS error, or RxJS's `TimeoutError`. */
  readonly error: unknown;
}

/** `rxnet:datagram:dropped`: a datagram was dropped because a queue was full (D2). */
export interface DatagramDroppedMessage {
  /** The listener or transport whose queue was full. */
  readonly source: object;
}

/** `rxnet:handler:failed`: a `serve(handler)` handler failed; its transport is being closed. */
export interface HandlerFailedMessage {
  /** What the handler threw, rejected or errored with. */
  readonly error: unknown;
  /** The transport, for a connection handler. */
  readonly transport?: object;
  /** The source address, for a datagram handler. */
  readonly address?: unknown;
}

/**
 * The channels themselves. Publish as undici does, so that no message (and no closure) is made
 * for a channel nobody listens to: `if (channels.x.hasSubscribers) channels.x.publish({ ... })`.
 */
export const channels = {
  listenerBound: channel(CHANNELS.listenerBound),
  listenerClosed: channel(CHANNELS.listenerClosed),
  connectionAccepted: channel(CHANNELS.connectionAccepted),
  handshakeStart: channel(CHANNELS.handshakeStart),
  handshakeSuccess: channel(CHANNELS.handshakeSuccess),
  handshakeFailure: channel(CHANNELS.handshakeFailure),
  datagramDropped: channel(CHANNELS.datagramDropped),
  handlerFailed: channel(CHANNELS.handlerFailed),
};
