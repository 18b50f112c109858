/** The default error sinks (L3, L7, T6): silent for peers, one line for bugs, a flood costs a line a minute. */
import { TimeoutError } from 'rxjs';
import { BrokenResourceError, ClosedResourceError, SocketAttribute } from '../../src';
import { defaultReporter, isPeerFailure, reportSafely } from '../../src/serving/report';

function captureWarnings(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'warn').mockImplementation((line: unknown) => void lines.push(String(line)));
  return { lines, restore: () => spy.mockRestore() };
}

describe('defaultReporter', () => {
  let warnings: ReturnType<typeof captureWarnings>;
  beforeEach(() => (warnings = captureWarnings()));
  afterEach(() => warnings.restore());

  test("L7: a peer's failure prints nothing: BrokenResourceError, a timeout, Node's reset codes", () => {
    const report = defaultReporter('connection handler failed');
    report(new BrokenResourceError('connection broken: read ECONNRESET'));
    report(new TimeoutError());
    for (const code of ['ECONNRESET', 'EPIPE', 'ECONNABORTED']) report(Object.assign(new Error(code), { code }));
    expect(warnings.lines).toEqual([]);
  });

  test('L3: a bug prints one line at once, naming where and the error', () => {
    defaultReporter('connection handler failed')(new TypeError('x is not a function'));
    expect(warnings.lines).toEqual(['rxnet: connection handler failed: TypeError: x is not a function']);
  });

  test('the line names the peer: a transport\'s remote address, or a datagram\'s source address', () => {
    const transport = { extra: (attribute: unknown) => (attribute === SocketAttribute.remoteAddress ? { host: '::1', port: 4433 } : undefined) };
    defaultReporter('TLS handshake failed')(new Error('bad hello'), transport);
    defaultReporter('datagram handler failed')(new Error('bad datagram'), Buffer.from('x'), { host: '127.0.0.1', port: 53 });
    defaultReporter('connection handler failed')(new Error('no peer known'), { extra: () => undefined });
    expect(warnings.lines).toEqual([
      'rxnet: TLS handshake failed (peer [::1]:4433): Error: bad hello',
      'rxnet: datagram handler failed (peer 127.0.0.1:53): Error: bad datagram',
      'rxnet: connection handler failed: Error: no peer known',
    ]);
  });

  test('a storm prints one line a minute; the next line says how many were held back', () => {
    let now = 1_000_000;
    const report = defaultReporter('TLS handshake failed', () => now);
    for (let i = 0; i < 1_000; i++) report(new Error(`bad ${i}`));
    expect(warnings.lines).toEqual(['rxnet: TLS handshake failed: Error: bad 0']);
    now += 59_999;
    report(new Error('still quiet'));
    expect(warnings.lines).toHaveLength(1);
    now += 1;
    report(new Error('a minute on'));
    expect(warnings.lines[1]).toBe('rxnet: TLS handshake failed: Error: a minute on (and 1000 more since the last line)');
  });

  test('each sink keeps its own count', () => {
    defaultReporter('a')(new Error('one'));
    defaultReporter('b')(new Error('two'));
    expect(warnings.lines).toHaveLength(2);
  });

  test("isPeerFailure: a local close is not the peer's doing", () => {
    expect(isPeerFailure(new ClosedResourceError())).toBe(false);
    expect(isPeerFailure('a string')).toBe(false);
    expect(isPeerFailure(null)).toBe(false);
  });

  test('reportSafely contains a sink that throws, as one line', () => {
    reportSafely(() => {
      throw new Error('sink broke');
    }, 'serve: onError');
    expect(warnings.lines).toEqual(['rxnet: serve: onError threw: Error: sink broke']);
  });
});
