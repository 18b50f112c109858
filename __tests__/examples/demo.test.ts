/** `npm run demo` (examples/demo.ts), run as a user would: a child process that must print its tour and exit 0. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

it('runs the demo to completion', async () => {
  const root = resolve(__dirname, '../..');
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=rxnet-source', require.resolve('ts-node/dist/bin'), 'examples/demo.ts'], {
    cwd: root,
  });
  expect(stdout).toContain('client 3 got its echo back: "gamma"');
  expect(stdout).toContain('ERR_BUSY_RESOURCE');
  expect(stdout).toContain('ERR_CLOSED_RESOURCE');
  expect(stdout).toContain('port is closed: ECONNREFUSED');
  expect(stdout.trim().endsWith('demo finished')).toBe(true);
}, 60_000);
