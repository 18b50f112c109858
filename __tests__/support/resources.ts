/**
 * Leak checks: every test file registers what it opens, closes it all after each test, and
 * asserts that Node's socket handles are back to what they were before the file ran.
 */
import { acloseForcefully, type TransportLike } from '../../src';
import { waitFor } from './wait';
import { removeTempDirs } from './temp';

const SOCKET_HANDLES = new Set(['TCPSocketWrap', 'TCPServerWrap', 'PipeWrap', 'PipeServerWrap', 'UDPWrap', 'TLSWrap']);

function socketHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => SOCKET_HANDLES.has(name)).length;
}

const opened = new Set<TransportLike>();

/** Registers a transport or listener to be force-closed after the current test. */
export function own<T extends TransportLike>(resource: T): T {
  opened.add(resource);
  return resource;
}

/** Installs the per-test close and the per-file leak assertion. Call once at the top of a file. */
export function checkResources(): void {
  let baseline = 0;
  beforeAll(() => {
    baseline = socketHandles();
  });
  afterEach(async () => {
    const all = [...opened];
    opened.clear();
    await Promise.all(all.map(acloseForcefully));
  });
  afterAll(async () => {
    await waitFor(() => socketHandles() <= baseline, `socket handles to return to ${baseline}`, 20_000);
    removeTempDirs();
  });
}
