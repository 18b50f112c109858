/** stdioTransport: a readable and a writable socket as one stream transport; here, a `cat` child's pipes. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import type * as net from 'node:net';
import { stdioTransport } from '../../src';
import { patternBytes, readExactly, readToEof } from '../support/bytes';

describe('stdioTransport', () => {
  it('round-trips bytes through a child’s stdin/stdout; sendEof ends its input, and EOF comes back', async () => {
    const cat = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
    const exited = once(cat, 'exit');
    const t = stdioTransport({ input: cat.stdout as net.Socket, output: cat.stdin as net.Socket });
    const data = patternBytes(1024 * 1024, 9);
    const echoed = readExactly(t, data.length);
    await t.sendAll(data);
    expect((await echoed).equals(data)).toBe(true);
    await t.sendEof();
    expect((await readToEof(t)).length).toBe(0);
    await t.aclose();
    await exited;
  });

  it('C8: refuses a file stream (stdin redirected from a file is not a socket)', () => {
    const file = createReadStream(__filename);
    expect(() => stdioTransport({ input: file as never })).toThrow(TypeError);
    file.destroy();
  });
});
