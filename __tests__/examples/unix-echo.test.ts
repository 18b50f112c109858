/** examples/unix-echo.ts: a round trip over a Unix socket that leaves no socket file behind. */
import { existsSync } from 'node:fs';
import { unixRoundTrip } from '../../examples/unix-echo';
import { checkResources } from '../support/resources';
import { socketPath } from '../support/temp';

checkResources();

it('echoes over a Unix socket and removes the socket file', async () => {
  const path = socketPath('echo.sock');
  expect(await unixRoundTrip(path, 'over unix')).toBe('over unix');
  expect(existsSync(path)).toBe(false);
});
