/** TLS contexts over the test CA (examples/certificates.ts), made once per test file. */
import type { TLSContextOptions } from '../../src';
import { createTestCertificates, type TestCertificates } from '../../examples/certificates';

export interface TlsFixtures {
  readonly certs: TestCertificates;
  /** Server: the `localhost` certificate. */
  readonly server: TLSContextOptions;
  /** Client: trusts the test CA. */
  readonly client: TLSContextOptions;
}

export function tlsFixtures(): TlsFixtures {
  const certs = createTestCertificates();
  return {
    certs,
    server: { key: certs.server.key, cert: certs.server.cert },
    client: { ca: certs.ca },
  };
}
