/**
 * Interop with TLS peers nobody here wrote: `openssl s_client` against listenTls, and connectTls
 * against `openssl s_server`. Skipped only where the openssl binary is absent (said in the output).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectTls, listenTls, SocketAttribute, TLSAttribute, type InetAddress } from '../../src';
import { hasOpenssl } from '../../examples/certificates';
import { readExactly } from '../support/bytes';
import { checkResources, own } from '../support/resources';
import { tempDir } from '../support/temp';
import { tlsFixtures } from '../support/tls-fixtures';
import { waitFor } from '../support/wait';

checkResources();
const available = hasOpenssl();
if (!available) console.warn('interop tests skipped: no openssl binary on this machine');
const describeInterop = available ? describe : describe.skip;

/** Collects a child's stdout until `pattern` shows up. */
function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        child.stdout.off('data', onData);
        resolve(seen);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`openssl exited (${code}) before printing ${pattern}: ${seen}`)));
  });
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill();
  await once(child, 'exit');
}

describeInterop('TLS interop with openssl', () => {
  const fixtures = available ? tlsFixtures() : undefined;

  // Non-standard mode runs Node's TLS on the socket itself (T2's native path), default mode over a Duplex.
  it.each([
    ['default mode', true],
    ['standardCompatible: false', false],
  ])('openssl s_client handshakes with listenTls (%s), gets an echo, and closes', async (_mode, standardCompatible) => {
    const listener = own(await listenTls({ host: '127.0.0.1', context: fixtures!.server, standardCompatible }));
    const { port } = listener.extra(SocketAttribute.localAddress) as InetAddress;
    const served: string[] = [];
    const errors: unknown[] = [];
    let sawEof = false;
    const subscription = listener
      .serve(
        async (t) => {
          served.push(t.extra(TLSAttribute.tlsVersion));
          for (let chunk = await t.recv(4096); chunk.length > 0; chunk = await t.recv(4096)) {
            await t.sendAll(Buffer.from(`echo:${chunk.toString()}`));
          }
          sawEof = true;
        },
        { onError: (error) => errors.push(error) },
      )
      .subscribe();
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.pem'), fixtures!.certs.ca);
    const client = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', join(dir, 'ca.pem'), '-verify_return_error', '-servername', 'localhost', '-quiet', '-no_ign_eof']);
    try {
      client.stdin.write('ping from openssl\n');
      expect(await waitForOutput(client, /echo:ping from openssl/)).toContain('echo:ping from openssl');
      // On stdin EOF, s_client sends close_notify and exits: our server reads a clean EOF.
      client.stdin.end();
      await once(client, 'exit');
      await waitFor(() => sawEof || errors.length > 0, 'the handler to finish');
      expect(errors).toEqual([]);
      expect(served).toEqual(['TLSv1.3']);
    } finally {
      await stop(client);
      subscription.unsubscribe();
    }
  });

  it.each([
    ['default mode', true],
    ['standardCompatible: false', false],
  ])('connectTls (%s) handshakes with openssl s_server and exchanges data both ways', async (_mode, standardCompatible) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'key.pem'), fixtures!.certs.server.key);
    writeFileSync(join(dir, 'cert.pem'), fixtures!.certs.server.cert);
    const server = spawn('openssl', ['s_server', '-accept', '0', '-4', '-key', join(dir, 'key.pem'), '-cert', join(dir, 'cert.pem'), '-naccept', '1']);
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let seen = '';
        const onData = (chunk: Buffer): void => {
          seen += chunk.toString();
          if (/ACCEPT/.test(seen)) resolve(seen);
        };
        server.stdout.on('data', onData);
        server.stderr.on('data', onData);
        server.once('exit', () => reject(new Error(`s_server exited: ${seen}`)));
      });
      const port = Number(/:(\d+)/.exec(banner.split('\n').find((l) => l.includes('ACCEPT')) ?? '')?.[1]);
      expect(port).toBeGreaterThan(0);
      const client = own(await connectTls('127.0.0.1', port, fixtures!.client, { serverHostname: 'localhost', standardCompatible }));
      expect(client.extra(TLSAttribute.peerCertificate).subject.CN).toBe('localhost');
      const fromClient = waitForOutput(server, /hello from rxnet/);
      await client.sendAll(Buffer.from('hello from rxnet\n'));
      await fromClient;
      server.stdin.write('hello from openssl\n');
      expect((await readExactly(client, 19)).toString()).toBe('hello from openssl\n');
      await client.aclose({ signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    } finally {
      await stop(server);
    }
  });
});
