/**
 * A throwaway certificate authority for examples and tests, made at run time with the openssl
 * CLI (present wherever OpenSSL is; Node itself cannot issue certificates), never downloaded.
 * Nothing is written outside a temp dir, which is removed before this returns.
 *
 * It issues: a CA, a server certificate for `localhost`, 127.0.0.1 and ::1, a client
 * certificate, an expired server certificate, and a server certificate from another CA
 * (untrusted by the first one).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private key and its certificate, PEM-encoded. */
export interface KeyPair {
  readonly key: string;
  readonly cert: string;
}

export interface TestCertificates {
  /** The CA that issued `server`, `client` and `expired`. */
  readonly ca: string;
  readonly server: KeyPair;
  readonly client: KeyPair;
  readonly expired: KeyPair;
  /** Issued by another CA, which `ca` does not trust. */
  readonly untrusted: KeyPair;
}

let cached: TestCertificates | undefined;

/** True when the openssl CLI can be run here. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Makes the certificates once per process (about a second), then returns the same ones. */
export function createTestCertificates(): TestCertificates {
  if (cached !== undefined) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'rxnet-certs-'));
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const newKey = (name: string): void => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name);
  const selfSignedCa = (name: string, subject: string): void => {
    newKey(`${name}.key`);
    openssl('req', '-x509', '-new', '-key', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', subject);
  };
  const issue = (name: string, ca: string, subject: string, days: string, extensions: string): void => {
    newKey(`${name}.key`);
    openssl('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial',
      '-out', `${name}.crt`, '-days', days, '-extfile', `${name}.ext`);
  };
  try {
    const serverNames = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\n';
    selfSignedCa('ca', '/CN=rxnet test CA');
    selfSignedCa('other-ca', '/CN=rxnet untrusted CA');
    issue('server', 'ca', '/CN=localhost', '2', serverNames);
    issue('client', 'ca', '/CN=rxnet test client', '2', 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
    // A negative validity puts notAfter before now: an expired certificate.
    issue('expired', 'ca', '/CN=localhost', '-1', serverNames);
    issue('untrusted', 'other-ca', '/CN=localhost', '2', serverNames);
    const pair = (name: string): KeyPair => ({ key: read(`${name}.key`), cert: read(`${name}.crt`) });
    cached = {
      ca: read('ca.crt'),
      server: pair('server'),
      client: pair('client'),
      expired: pair('expired'),
      untrusted: pair('untrusted'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
