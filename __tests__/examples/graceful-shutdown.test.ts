/**
 * examples/graceful-shutdown.ts run as a deployment would run it: a child process sent a real
 * SIGTERM while requests are in flight (P4).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { connectTcp, type AsyncStreamTransport } from '../../src';
import { readExactly, readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';

checkResources();

it('P4: on SIGTERM the port is freed at once, a short request finishes, a long one is cut at the deadline', async () => {
  const root = resolve(__dirname, '../..');
  // Work takes 400 ms per request; the drain allows 1 500 ms.
  const child = spawn(process.execPath, ['--conditions=rxnet-source', require.resolve('ts-node/dist/bin'), 'examples/graceful-shutdown.ts', '0', '400', '1500'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  const lines = (async function* () {
    for await (const chunk of child.stdout) {
      output += chunk;
      yield output;
    }
  })();
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const match = pattern.exec(output);
      if (match !== null) return match;
      const next = await lines.next();
      if (next.done === true) throw new Error(`the child ended before printing ${pattern}: ${output}`);
    }
  };
  try {
    const port = Number((await waitFor(/listening on port (\d+)/))[1]);
    const quick: AsyncStreamTransport = own(await connectTcp('127.0.0.1', port));
    await quick.sendAll(Buffer.from('quick\n'));
    // A request that never finishes its line: its handler waits on recv until the deadline cuts it.
    const stuck = own(await connectTcp('127.0.0.1', port));
    await stuck.sendAll(Buffer.from('stuck, no newline'));
    await waitFor(/(connection from .*\n[^]*){2}/); // both handlers started
    // The quick client never closes: its request still counts as finished once its handler returned.
    const quickReply = readExactly(quick, 12);
    const stuckEnd = readToEof(stuck).catch(() => Buffer.from('reset'));
    child.kill('SIGTERM');
    await waitFor(/no longer accepting/);
    await expect(connectTcp('127.0.0.1', port)).rejects.toMatchObject({ code: 'ECONNREFUSED' }); // while draining
    expect((await quickReply).toString()).toBe('done: quick\n');
    await stuckEnd;
    await waitFor(/drained: 1 finished, 1 cut, 0 unstarted/);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
}, 60_000);
