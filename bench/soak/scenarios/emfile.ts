/**
 * EMFILE: a server process whose descriptor limit is lowered to 64 meets more clients than it
 * has descriptors. Accepts fail for a while; when the clients are gone a correct client is
 * served again, `serve` never ended (L7), and nothing was printed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import { join } from 'node:path';
import { atLeast, exactly, type SoakScenario } from '../soak';
import { echoOnce } from './clients';

const LIMIT = 64;

export const emfile: SoakScenario = {
  name: `EMFILE: a server limited to ${LIMIT} descriptors, more clients than that`,
  async run(quick) {
    const clients = quick ? 150 : 400;
    const compiled = __filename.endsWith('.js');
    const file = join(__dirname, '..', '..', 'load', `emfile-server.${compiled ? 'js' : 'ts'}`);
    const server = spawn('prlimit', [`--nofile=${LIMIT}:${LIMIT}`, process.execPath, ...(compiled ? [] : ['-r', 'ts-node/register']), file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [port] = (await once(server, 'message')) as [number];
    const status = async (): Promise<{ serveEnded: boolean; lines: string[]; accepted: number }> => {
      server.send('status');
      return ((await once(server, 'message')) as [{ serveEnded: boolean; lines: string[]; accepted: number }])[0];
    };

    const sockets: net.Socket[] = [];
    await Promise.all(
      Array.from({ length: clients }, () =>
        new Promise<void>((resolve) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.write('x', () => resolve()));
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          sockets.push(socket);
        }),
      ),
    );
    // Every client connected (the kernel accepts into the backlog); the server is at its limit.
    const during = await status();
    for (const socket of sockets) socket.destroy();

    // Served again once descriptors are free: retry while the server's sockets finish closing.
    let served = 0;
    const deadline = Date.now() + 20_000;
    while (served === 0 && Date.now() < deadline) {
      await echoOnce({ port }, Buffer.from('after the storm')).then(
        () => void served++,
        () => new Promise((resolve) => setTimeout(resolve, 100)),
      );
    }
    const after = await status();
    server.kill();
    return [
      atLeast('connections accepted before the descriptors ran out', during.accepted, 1),
      exactly('a correct client served afterwards', served, 1),
      exactly('serve ended', Number(after.serveEnded), 0),
      exactly('lines the server printed', after.lines.length, 0),
    ];
  },
};
