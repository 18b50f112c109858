/**
 * `createTestBackend`: a backend for marble tests. Its scheduler is the RxJS scheduler in force
 * (inside `TestScheduler.run`, `asyncScheduler` runs in virtual time), so every timeout a
 * transport takes from its backend (TLS handshake and shutdown, lingering) is virtual. It opens
 * no sockets: its factories reject `UnsupportedOperation`.
 */
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { AsyncBackend } from '../core/abc';
import { UnsupportedOperation } from '../errors';

/** A socket-free backend timed by `scheduler` (default: `asyncScheduler`, virtual inside `TestScheduler.run`). */
export function createTestBackend(scheduler: SchedulerLike = asyncScheduler): AsyncBackend {
  const refuse = (what: string) => (): Promise<never> =>
    Promise.reject(new UnsupportedOperation(`the test backend opens no sockets (${what}): use the marble transports`));
  return {
    scheduler,
    createTcpConnection: refuse('createTcpConnection'),
    createTcpListeners: refuse('createTcpListeners'),
    createUnixStreamConnection: refuse('createUnixStreamConnection'),
    createUnixStreamListener: refuse('createUnixStreamListener'),
    createUdpEndpoint: refuse('createUdpEndpoint'),
    createUdpListeners: refuse('createUdpListeners'),
  };
}
