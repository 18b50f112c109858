/**
 * Slow reader: a peer (another process) offers 256 MiB as fast as it can; this process reads
 * 1 KiB every millisecond for 10 s (1.5 s quick). The figure is the peak growth of the memory
 * this process holds in live Buffers (see `measure`): with flow control working it stays within
 * the receive buffer's high-water mark (256 KiB for rxnet) plus 1 MiB, however much the peer
 * offers.
 */
import * as net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { connectTcp } from '../../src';
import { DEFAULT_HIGH_WATER_MARK } from '../../src/reading/stream-receive-buffer';
import { check, forkHelper, type Measurement, type Scenario } from '../scenario';

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

interface Peaks {
  readonly read: number;
  readonly rss: number;
  readonly buffers: number;
}

/** One slow-reading session against a fresh writer: bytes read (all checked) and peak memory. */
async function session(side: 'raw' | 'rxnet', seconds: number): Promise<Peaks> {
  const writer = forkHelper('fast-writer', [String(OFFERED)]);
  const exited = new Promise((resolve) => writer.once('exit', resolve));
  const port = await new Promise<number>((resolve) => writer.once('message', (message) => resolve(message as number)));
  const reader = await (side === 'raw' ? rawReader(port) : rxnetReader(port));
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  let rss = 0;
  let buffers = 0;
  let reads = 0;
  let offset = 0;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    await delay(1);
    const chunk = await reader.read();
    for (let i = 0; i < chunk.length; i++) check(chunk[i] === (offset + i) % 251, `byte ${offset + i}`);
    offset += chunk.length;
    rss = Math.max(rss, process.memoryUsage.rss());
    // Live Buffers only: a consumed chunk that waits for the collector is garbage, not held.
    if (++reads % 100 === 0) {
      gc();
      buffers = Math.max(buffers, process.memoryUsage().arrayBuffers);
    }
  }
  check(offset > 0 && offset < OFFERED, `read ${offset} bytes: a slow reader, not a finished one`);
  reader.close();
  await exited;
  return { read: offset, rss, buffers };
}

/**
 * The memory a slow connection holds, once the process is warm (a first session, discarded,
 * lets what happens once happen). The figure is the peak growth of the memory held in live
 * Buffers (`process.memoryUsage().arrayBuffers` after a collection, every 100 reads), which is
 * where received bytes wait, in Node's stream or in rxnet's receive buffer. Peak RSS growth is
 * printed beside it: raw Node itself grows its RSS by megabytes here, as the runtime first
 * touches pages it had committed and consumed chunks wait for the collector, so RSS cannot
 * tell buffering apart from those.
 */
async function measure(side: 'raw' | 'rxnet', seconds: number): Promise<Measurement> {
  await session(side, Math.min(1, seconds));
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const peaks = await session(side, seconds);
  return {
    value: Math.max(0, peaks.buffers - before.arrayBuffers) / 1024,
    extra: { 'KiB peak RSS growth': Math.max(0, peaks.rss - before.rss) / 1024, 'KiB read': peaks.read / 1024 },
  };
}

export const slowReader: Scenario = {
  name: 'Slow reader (1 KiB/ms of 256 MiB offered)',
  unit: 'KiB peak Buffer growth',
  target: { kind: 'rxnet-at-most', value: DEFAULT_HIGH_WATER_MARK / 1024 + 1024, label: 'hwm + 1 MiB' },
  nodeFlags: ['--expose-gc'],
  run: (side, quick) => measure(side, quick ? 1.5 : 10),
};
