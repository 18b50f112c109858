/**
 * The published package: `npm pack` builds and packs it, and a project in a temp dir loads it
 * both with `require` and with `import`, and uses it (a memory pair round trip).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir, removeTempDirs } from './support/temp';

const root = resolve(__dirname, '..');
const roundTrip = `
  const [a, b] = rxnet.createMemoryStreamPair();
  await a.sendAll(Buffer.from('packed'));
  const got = (await b.recv(10)).toString();
  const names = ['connectTcp', 'listenTcp', 'connectUnix', 'listenUnix', 'acloseForcefully', 'ClosedResourceError', 'SocketAttribute'];
  console.log(got + ' ' + names.every((n) => rxnet[n] !== undefined));
`;

afterAll(removeTempDirs);

it('npm pack yields a package usable from both require and import', () => {
  const dir = tempDir();
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: root, stdio: 'ignore' });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  expect(tarball).toBeDefined();
  const installed = join(dir, 'node_modules', 'rxnet');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', join(dir, tarball as string), '-C', installed, '--strip-components=1']);
  // rxjs is a peer dependency: the consuming project brings its own.
  symlinkSync(join(root, 'node_modules', 'rxjs'), join(dir, 'node_modules', 'rxjs'));

  const cjs = execFileSync(process.execPath, ['-e', `const rxnet = require('rxnet'); (async () => { ${roundTrip} })();`], {
    cwd: dir,
  }).toString();
  const esm = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `import * as rxnet from 'rxnet'; import { connectTcp } from 'rxnet'; ${roundTrip}`],
    { cwd: dir },
  ).toString();
  expect(cjs.trim()).toBe('packed true');
  expect(esm.trim()).toBe('packed true');

  // rxnet/testing: the marble kit runs under plain Node with RxJS's TestScheduler, no test runner.
  const marble = `
    const { TestScheduler } = require('rxjs/testing');
    const { map } = require('rxjs');
    const { chunks } = require('rxnet');
    const { marbleStreamTransport } = require('rxnet/testing');
    let ok = false;
    new TestScheduler((a, b) => { ok = JSON.stringify(a) === JSON.stringify(b); }).run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('-a|', { a: 'x' }));
      expectObservable(chunks(t).pipe(map(String))).toBe('-a|', { a: 'x' });
    });
    console.log(ok);
  `;
  expect(execFileSync(process.execPath, ['-e', marble], { cwd: dir }).toString().trim()).toBe('true');
}, 120_000);
