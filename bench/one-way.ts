/**
 * The two ends of the bulk scenarios, shared so that TCP, TLS and TLS-over-memory measure the
 * same loops: raw Node writes with `drain`, rxnet reads with `recv(65536)` until EOF or `total`,
 * and both are timed and checked by `transferRate`.
 */
import type { Writable } from 'node:stream';
import type { AsyncStreamTransport } from '../src';
import { check } from './scenario';

/** Bytes per write on both sides. */
export const CHUNK = 64 * 1024;

/** Writes `total` bytes in CHUNK writes, waiting for 'drain' whenever `write` says so. */
export async function writeWithDrain(stream: Writable, total: number): Promise<void> {
  const chunk = Buffer.alloc(CHUNK, 1);
  for (let sent = 0; sent < total; sent += CHUNK) {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
}

/** Sends `total` bytes in CHUNK `sendAll` calls. */
export async function sendAllChunks(transport: AsyncStreamTransport, total: number): Promise<void> {
  const chunk = Buffer.alloc(CHUNK, 1);
  for (let sent = 0; sent < total; sent += CHUNK) await transport.sendAll(chunk);
}

/** Reads until EOF or until `total` bytes came (TLS bulk does not close); resolves the count. */
export async function receiveAll(transport: AsyncStreamTransport, total: number): Promise<number> {
  let got = 0;
  while (got < total) {
    const chunk = await transport.recv(65536);
    if (chunk.length === 0) break;
    got += chunk.length;
  }
  return got;
}

/**
 * MB/s of one transfer, from the start of `send` until `received` resolves; throws unless
 * exactly `total` bytes arrived. `received` is the receiving end, already listening.
 */
export async function transferRate(total: number, send: () => Promise<void>, received: Promise<number>): Promise<number> {
  const start = process.hrtime.bigint();
  await send();
  const got = await received;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  check(got === total, `received ${got} of ${total} bytes`);
  return total / 1e6 / seconds;
}
