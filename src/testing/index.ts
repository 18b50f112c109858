/**
 * `src/testing/` (`rxnet/testing`): marble transports and listeners in virtual time. It
 * touches no socket; it may import `core/`, `reading/`, `serving/`, `internal/`.
 *
 * `rxnet/testing`: run protocol logic in virtual time, without sockets. Nothing here depends on
 * a test runner; it works wherever RxJS's `TestScheduler` runs.
 */
export { createTestBackend } from './test-backend';
export { marbleStreamTransport, type MarbleStreamTransport, type MarbleTransportOptions } from './marble-stream-transport';
export { marbleDatagramTransport, type MarbleDatagramTransport } from './marble-datagram-transport';
export { marbleDatagramListener, marbleListener, type MarbleDatagramListener } from './marble-listener';
