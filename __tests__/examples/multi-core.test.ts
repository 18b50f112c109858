/**
 * examples/multi-core.ts on a Node line with reusePort (22.12+; CI runs 22, 24 and 26): workers
 * in separate processes share one port, the kernel spreads connections between them, and a
 * worker that dies is replaced while the port keeps answering.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { connectTcp } from '../../src';
import { readToEof } from '../support/bytes';
import { checkResources, own } from '../support/resources';

checkResources();

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > 22 || (major === 22 && minor >= 12);

(supported ? it : it.skip)('two workers share the port, both answer, and a killed one is replaced', async () => {
  const child = spawn(process.execPath, ['--conditions=rxnet-source', require.resolve('ts-node/dist/bin'), 'examples/multi-core.ts', '0', '2'], {
    cwd: resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (output += chunk));
  const lines = async (pattern: RegExp, count: number): Promise<RegExpExecArray[]> => {
    for (;;) {
      const found = [...output.matchAll(new RegExp(pattern, 'g'))];
      if (found.length >= count) return found;
      await once(child.stdout, 'data');
    }
  };
  const ask = async (port: number, i: number): Promise<string> => {
    const t = own(await connectTcp('127.0.0.1', port));
    await t.sendAll(Buffer.from(`hello ${i}\n`));
    return (await readToEof(t)).toString();
  };
  try {
    const listening = await lines(/worker (\d+) listening on port (\d+)/, 2);
    const port = Number(listening[0][2]);
    expect(Number(listening[1][2])).toBe(port);
    const pids = new Set<string>();
    // The kernel hashes each connection's addresses to pick a socket: enough connections reach both.
    for (let i = 0; i < 64 && pids.size < 2; i++) pids.add(/^worker (\d+): hello \d+\n$/.exec(await ask(port, i))?.[1] ?? 'none');
    expect([...pids].sort()).toEqual(listening.map((match) => match[1]).sort());

    process.kill(Number(listening[0][1]), 'SIGKILL');
    const replaced = await lines(/worker (\d+) listening on port (\d+)/, 3);
    expect(output).toContain(`worker ${listening[0][1]} died; starting another`);
    expect(Number(replaced[2][2])).toBe(port);
    expect(await ask(port, 100)).toMatch(/^worker \d+: hello 100\n$/);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}, 60_000);
