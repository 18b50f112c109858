/** T5: a TLSContext resolves to one secure context per context object, created once. */
import * as tls from 'node:tls';
import { resolveTLSContext } from '../../src/tls/tls-context';
import { tlsFixtures } from '../support/tls-fixtures';

const fixtures = tlsFixtures();

describe('resolveTLSContext', () => {
  it('T5: one options object yields one secure context; another object (same settings) yields another', () => {
    const options = { ...fixtures.server, ALPNProtocols: ['a'] };
    const first = resolveTLSContext(options);
    expect(resolveTLSContext(options)).toBe(first);
    expect(resolveTLSContext({ ...options }).secureContext).not.toBe(first.secureContext);
    expect(first.ALPNProtocols).toEqual(['a']);
    expect(first.rejectUnauthorized).toBe(true);
    expect(first.requestCert).toBe(false);
  });

  it('T5: a ready tls.SecureContext is used as it is', () => {
    const ready = tls.createSecureContext(fixtures.server);
    expect(resolveTLSContext(ready).secureContext).toBe(ready);
  });

  it('C8: rejects what is not an object, and Node rejects bad key material', () => {
    expect(() => resolveTLSContext(null as never)).toThrow(TypeError);
    expect(() => resolveTLSContext('x' as never)).toThrow(/^TLS context must be an object/);
    expect(() => resolveTLSContext({ key: 'not a key', cert: 'not a cert' })).toThrow();
  });
});
