/** rxnet: RxJS reactive networking for Node.js. The public surface: re-exports only. */
export {
  BrokenResourceError,
  BusyResourceError,
  ClosedResourceError,
  FrameTooLargeError,
  IdleTimeoutError,
  IncompleteFrameError,
  RxnetError,
  StartTlsPlaintextBufferedError,
  TypedAttributeLookupError,
  UnsupportedOperation,
} from './errors';
export {
  DatagramAttribute,
  ListenerAttribute,
  SocketAttribute,
  StreamAttribute,
  TLSAttribute,
  typedAttribute,
  type InetAddress,
  type SocketFamily,
  type TypedAttribute,
  type TypedAttributeMap,
  type TypedAttributeProvider,
} from './typed-attributes';
export type { AbortOptions } from './internal/abort';
export { TransportAttribute, type Termination, type TerminationReason } from './core/termination';
export {
  CHANNELS,
  type ConnectionAcceptedMessage,
  type DatagramDroppedMessage,
  type HandlerFailedMessage,
  type HandshakeFailureMessage,
  type HandshakeStartMessage,
  type HandshakeSuccessMessage,
  type ListenerMessage,
  type TransportClosedMessage,
} from './core/diagnostics';
export { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_QUEUED_DATAGRAMS } from './core/backend-options';
export type {
  StreamListenerOptions,
  StreamTransportOptions,
  TcpConnectOptions,
  TcpListenOptions,
  UdpConnectOptions,
  UdpListenOptions,
  UnixConnectOptions,
  UnixListenOptions,
} from './core/backend-options';
export { defaultBackend, NodeBackend } from './node/node-backend';
export {
  AbstractAsyncDatagramTransport,
  AbstractAsyncStreamReadTransport,
  AbstractAsyncStreamTransport,
  AbstractAsyncStreamWriteTransport,
  AbstractAsyncTransport,
  type AsyncBackend,
  type AsyncBaseTransport,
  type AsyncDatagramListener,
  type AsyncDatagramReadTransport,
  type AsyncDatagramTransport,
  type AsyncDatagramWriteTransport,
  type AsyncListener,
  type AsyncStreamReadTransport,
  type AsyncStreamTransport,
  type AsyncStreamWriteTransport,
  type ConnectionHandler,
  type DatagramHandler,
  type DatagramServeOptions,
  type DrainOutcome,
  type ServeOptions,
} from './core/abc';
export { AbstractAsyncDatagramListener, AbstractAsyncListener } from './serving/abstract-listeners';
export { acloseForcefully, type TransportLike } from './core/aclose-forcefully';
export { AsyncStapledDatagramTransport, AsyncStapledStreamTransport } from './composite/stapled';
export { stdioTransport, type StdioTransportOptions } from './node/stdio';
export { createMemoryStreamPair, MemoryStreamTransport, type MemoryStreamPairOptions } from './memory/memory';
export {
  createMemoryDatagramPair,
  MemoryDatagramTransport,
  type MemoryDatagramPairOptions,
} from './memory/memory-datagram';
export { AsyncTLSStreamTransport, type TLSWrapOptions } from './tls/tls';
export { AsyncTLSListener, type TLSListenerOptions } from './tls/tls-listener';
export type { TLSContext, TLSContextOptions } from './tls/tls-context';
export { startTls, type StartTlsOptions } from './tls/starttls';
export {
  connectTcp,
  connectTls,
  connectUdp,
  connectUnix,
  listenTcp,
  listenTls,
  listenUdp,
  listenUnix,
  type TlsConnectOptions,
  type TlsListenOptions,
} from './entry-points';
export { chunks, type ChunksOptions } from './operators/chunks';
export { datagrams } from './operators/datagrams';
export { sendAllTo, type SendAllToOptions } from './operators/sendAllTo';
export { sendTo } from './operators/sendTo';
export { decodeLines, type DecodeLinesOptions } from './operators/decodeLines';
export { encodeLines, type EncodeLinesOptions } from './operators/encodeLines';
export { decodeLengthPrefixed, type LengthPrefixedOptions } from './operators/decodeLengthPrefixed';
export { encodeLengthPrefixed } from './operators/encodeLengthPrefixed';
export { decodeJson, type DecodeJsonOptions } from './operators/decodeJson';
export { encodeJson } from './operators/encodeJson';
