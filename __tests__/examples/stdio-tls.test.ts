/** examples/stdio-tls.ts: TLS over a child process's stdin/stdout, through stapled transports. */
import { talkToChild } from '../../examples/stdio-tls';

it('talks TLS to a child over its pipes and gets every line back upper-cased', async () => {
  expect(await talkToChild(['hello over pipes', 'and over tls'])).toEqual(['HELLO OVER PIPES', 'AND OVER TLS']);
}, 60_000);
