/**
 * The fault suite's shared vocabulary (`npm run soak`): a scenario provokes one kind of hostile
 * load against a real rxnet server and returns figures, each with the bound it must hold. The
 * runner prints every figure beside its bound and fails the run on a breach.
 */
import { readdirSync } from 'node:fs';

/** One measured figure and the bound it must hold. */
export interface Figure {
  readonly what: string;
  readonly value: number;
  readonly unit: string;
  readonly bound: { readonly kind: 'at-most' | 'at-least' | 'exactly'; readonly value: number };
}

/** One scenario of the fault suite: runs in its own process and returns its figures. */
export interface SoakScenario {
  readonly name: string;
  /** Node flags its process needs (`--expose-gc` for heap figures). */
  readonly nodeFlags?: readonly string[];
  run(quick: boolean): Promise<Figure[]>;
}

export const atMost = (what: string, value: number, limit: number, unit = ''): Figure => ({ what, value, unit, bound: { kind: 'at-most', value: limit } });
export const atLeast = (what: string, value: number, limit: number, unit = ''): Figure => ({ what, value, unit, bound: { kind: 'at-least', value: limit } });
export const exactly = (what: string, value: number, expected: number, unit = ''): Figure => ({ what, value, unit, bound: { kind: 'exactly', value: expected } });

/** Whether `figure` holds its bound. */
export function holds({ value, bound }: Figure): boolean {
  if (bound.kind === 'at-most') return value <= bound.value;
  if (bound.kind === 'at-least') return value >= bound.value;
  return value === bound.value;
}

/** What the process holds that a leak would grow: descriptors, socket handles, timers. */
export interface Holdings {
  readonly fds: number;
  readonly handles: number;
  readonly timers: number;
}

export function holdings(): Holdings {
  const resources = process.getActiveResourcesInfo();
  return {
    fds: readdirSync('/proc/self/fd').length,
    handles: resources.filter((name) => name !== 'Timeout' && name !== 'Immediate').length,
    timers: resources.filter((name) => name === 'Timeout').length,
  };
}

/**
 * Waits until `holdings()` are back within `slack` of `baseline` (closing sockets take a few
 * turns of the loop), at most `ms`; returns what it saw last.
 */
export async function settledTo(baseline: Holdings, slack: number, ms = 10_000): Promise<Holdings> {
  const deadline = Date.now() + ms;
  for (;;) {
    const now = holdings();
    const back = now.fds <= baseline.fds + slack && now.handles <= baseline.handles + slack && now.timers <= baseline.timers + slack;
    if (back || Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The figures that say a process is back where it started. */
export function backToBaseline(where: string, baseline: Holdings, now: Holdings, slack: number): Figure[] {
  return [
    atMost(`${where}: open descriptors above baseline`, now.fds - baseline.fds, slack),
    atMost(`${where}: active handles above baseline`, now.handles - baseline.handles, slack),
    atMost(`${where}: timers above baseline`, now.timers - baseline.timers, slack),
  ];
}

/** Heap used after a full collection (needs `--expose-gc`). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('this scenario needs --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Memory held by Buffers after a full collection (needs `--expose-gc`). */
export function buffersAfterGc(): number {
  heapAfterGc();
  return process.memoryUsage().arrayBuffers;
}

/**
 * Everything a server might print or leak as unhandled while a scenario runs: warning and error
 * lines, unhandled rejections, uncaught exceptions (caught here, so the scenario can report
 * them rather than die). `stop()` restores the console and returns the counts.
 */
export function watchOutput(): { stop(): { lines: string[]; unhandled: number } } {
  const lines: string[] = [];
  let unhandled = 0;
  const { warn, error } = console;
  console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  console.error = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
  const onUnhandled = (): void => void unhandled++;
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  return {
    stop() {
      console.warn = warn;
      console.error = error;
      process.off('unhandledRejection', onUnhandled);
      process.off('uncaughtException', onUnhandled);
      return { lines, unhandled };
    },
  };
}

/** Polls `read` until it returns `expected`, at most `ms`; returns the last value read. */
export async function until(read: () => number, expected: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  for (let value = read(); ; value = read()) {
    if (value === expected || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `task` for every index below `count`, at most `parallel` at once. */
export async function pool(count: number, parallel: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}
