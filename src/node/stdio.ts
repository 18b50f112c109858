/**
 * `stdioTransport`: a process's standard input and output (or any readable socket and writable
 * socket, such as a child's `stdout` and `stdin`) as one stream transport: a stapled transport
 * that receives from `input` and sends through `output` (K1), each half a socket adapter.
 *
 * Both must be `net.Socket`s, which pipes, sockets and TTYs are in Node; a file redirected to
 * stdin is not (Node makes it an `fs.ReadStream`), and is refused with `TypeError`.
 */
import * as net from 'node:net';
import type { AsyncBackend, AsyncStreamTransport } from '../core/abc';
import { defaultBackend } from './node-backend';
import { checkOptions, checkPositive } from '../internal/validate';
import { AsyncStapledStreamTransport } from '../composite/stapled';
import { SocketStreamTransport } from './socket-stream';

/** Options of `stdioTransport`. */
export interface StdioTransportOptions {
  /** Where bytes are received from. Default `process.stdin`. */
  readonly input?: net.Socket;
  /** Where bytes are sent to. Default `process.stdout`. */
  readonly output?: net.Socket;
  /** Unread bytes held before `input` is paused (S6). Default 256 KiB. */
  readonly highWaterMark?: number;
  /** Default: Node's. */
  readonly backend?: AsyncBackend;
}

/** `input` and `output` as one stream transport (stdin/stdout by default). */
export function stdioTransport(options: StdioTransportOptions = {}): AsyncStapledStreamTransport<AsyncStreamTransport, AsyncStreamTransport> {
  checkOptions(options, 'stdioTransport: options');
  const { input = process.stdin, output = process.stdout, highWaterMark, backend = defaultBackend } = options;
  for (const [name, stream] of [['input', input], ['output', output]] as const) {
    if (!(stream instanceof net.Socket)) {
      throw new TypeError(`stdioTransport: options.${name} must be a net.Socket (a pipe, socket or TTY), not a file stream`);
    }
  }
  if (highWaterMark !== undefined) checkPositive(highWaterMark, 'stdioTransport: options.highWaterMark');
  return new AsyncStapledStreamTransport(
    new SocketStreamTransport(output, backend),
    new SocketStreamTransport(input, backend, { highWaterMark }),
  );
}
