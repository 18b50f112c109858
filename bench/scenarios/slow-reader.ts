/**
 * Slow reader: a peer (another process) offers 256 MiB as fast as it can; this process reads
 * 1 KiB every millisecond for 10 s (3 s quick). The figure is the peak growth of this process's
 * RSS over its settled baseline: with flow control working it stays within the receive buffer's
 * high-water mark (256 KiB for rxnet) plus 1 MiB, however much the peer offers.
 */
import { fork } from 'node:child_process';
import * as net from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { connectTcp } from '../../src';
import { DEFAULT_HIGH_WATER_MARK } from '../../src/transports/stream-receive-buffer';
import { check, type Measurement, type Scenario } from '../scenario';

const OFFERED = 256 * 1024 * 1024;
const READ = 1024;

/** Reads 1 KiB, or less when less is there (nothing, when nothing is). */
type Reader = () => Promise<Buffer>;

async function rawReader(port: number): Promise<{ read: Reader; close(): void }> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  // Paused mode: the stream buffers up to its highWaterMark, then stops reading the socket.
  const read: Reader = async () => (socket.read(READ) as Buffer | null) ?? (socket.read() as Buffer | null) ?? Buffer.alloc(0);
  return { read, close: () => socket.destroy() };
}

async function rxnetReader(port: number): Promise<{ read: Reader; close(): void }> {
  const t = await connectTcp('127.0.0.1', port);
  return { read: () => t.recv(READ), close: () => void t.aclose({ signal: AbortSignal.abort() }).catch(() => undefined) };
}

/**
 * RSS after a full collection, once it stopped moving: V8 returns freed pages to the system a
 * little after the collection, and a baseline taken before that would hide growth.
 */
async function settledRss(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  check(gc !== undefined, 'run with --expose-gc');
  let previous = Infinity;
  for (let i = 0; i < 50; i++) {
    gc?.();
    await delay(20);
    const rss = process.memoryUsage.rss();
    if (Math.abs(rss - previous) < 16 * 1024) return rss;
    previous = rss;
  }
  return previous;
}

async function measure(side: 'raw' | 'rxnet', seconds: number): Promise<Measurement> {
  const writer = fork(join(__dirname, '../load/fast-writer.ts'), [String(OFFERED)], { execArgv: ['-r', 'ts-node/register'] });
  const exited = new Promise((resolve) => writer.once('exit', resolve));
  const port = await new Promise<number>((resolve) => writer.once('message', (message) => resolve(message as number)));
  const baseline = await settledRss();
  const reader = await (side === 'raw' ? rawReader(port) : rxnetReader(port));
  let peak = baseline;
  let offset = 0;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    await delay(1);
    const chunk = await reader.read();
    for (let i = 0; i < chunk.length; i++) check(chunk[i] === (offset + i) % 251, `byte ${offset + i}`);
    offset += chunk.length;
    peak = Math.max(peak, process.memoryUsage.rss());
  }
  check(offset > 0 && offset < OFFERED, `read ${offset} bytes: a slow reader, not a finished one`);
  reader.close();
  await exited;
  return { value: (peak - baseline) / 1024, extra: { 'KiB read': offset / 1024 } };
}

export const slowReader: Scenario = {
  name: 'Slow reader (1 KiB/ms of 256 MiB offered)',
  unit: 'KiB peak RSS growth',
  target: { kind: 'rxnet-at-most', value: DEFAULT_HIGH_WATER_MARK / 1024 + 1024, label: 'hwm + 1 MiB' },
  nodeFlags: ['--expose-gc'],
  run: (side, quick) => measure(side, quick ? 3 : 10),
};
