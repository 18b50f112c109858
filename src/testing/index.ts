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
// Faults, deterministic (seeded) and timed by the scheduler in force: streams, then datagrams.
export { rechunk } from './rechunk';
export { coalesce } from './coalesce';
export { latency } from './latency';
export { stall, type StallOptions } from './stall';
export { resetAfter, type ResetPoint } from './reset-after';
export { eofAfter } from './eof-after';
export { InjectedResetError } from './injected-reset-error';
export { dropDatagrams, type DatagramFaultOptions } from './drop-datagrams';
export { duplicateDatagrams } from './duplicate-datagrams';
export { reorderDatagrams, type ReorderOptions } from './reorder-datagrams';
export { delayDatagrams } from './delay-datagrams';
export { type Amounts, type SeededRange } from './seeded-random';
export { trySeeds, SeedError } from './try-seeds';
export { withFaults, type Faults } from './with-faults';
// Record a live session, replay it in virtual time.
export { record, type RecordOptions, type Recorded, type RecordedStreamTransport, type RecordedDatagramTransport } from './record';
export { recordListener, type RecordingListener } from './record-listener';
export {
  parseRecording,
  RECORDING_FORMAT,
  type Recording,
  type RecordedEvent,
  type RecordedData,
  type RecordedMark,
  type RecordedError,
} from './recording';
export { recordingToMarbles, type MarbleDiagram, type RecordingMarbles } from './recording-marbles';
export { replay, replayConnections, recordedPeer, type ReplayOptions } from './replay';
export { sentMatchesRecording, type SentMatchOptions } from './sent-matches-recording';
export { RecordingMismatchError } from './recording-mismatch-error';
