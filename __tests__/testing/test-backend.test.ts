/** createTestBackend: the scheduler in force, no sockets. */
import { asyncScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { UnsupportedOperation } from '../../src';
import { createTestBackend } from '../../src/testing';

it('uses the given scheduler (asyncScheduler by default) and opens no sockets', async () => {
  const scheduler = new TestScheduler(() => undefined);
  expect(createTestBackend(scheduler).scheduler).toBe(scheduler);
  const backend = createTestBackend();
  expect(backend.scheduler).toBe(asyncScheduler);
  await expect(backend.createTcpConnection('127.0.0.1', 80)).rejects.toBeInstanceOf(UnsupportedOperation);
  await expect(backend.createUdpListeners()).rejects.toBeInstanceOf(UnsupportedOperation);
});
