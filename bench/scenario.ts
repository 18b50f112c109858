import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * What a scenario must hold. Throughput and rates: the median ratio rxnet/raw is at least
 * `value`. Costs (memory): the ratio is at most `value`. An absolute bound: rxnet's median
 * itself is at most `value` (raw Node is printed beside it, for reference).
 */
export type Target =
  | { readonly kind: 'ratio-at-least'; readonly value: number }
  | { readonly kind: 'ratio-at-most'; readonly value: number }
  | { readonly kind: 'rxnet-at-most'; readonly value: number; readonly label: string };

/** What one benchmark scenario provides: a measurement of the raw Node version and of rxnet's. */
export interface Scenario {
  readonly name: string;
  /** What `run` returns, e.g. 'MB/s'. */
  readonly unit: string;
  /** Undefined: printed, no target. */
  readonly target?: Target;
  /** Labels of the two sides when they are not raw Node and rxnet. */
  readonly labels?: { readonly raw: string; readonly rxnet: string };
  /** Node flags the measuring process needs (e.g. `--expose-gc` to measure memory after a collection). */
  readonly nodeFlags?: readonly string[];
  /**
   * Runs one side once and returns its figure. Each run checks its own result (byte counts,
   * echo contents) and throws when it is wrong, so a fast wrong result cannot pass. It may
   * also return figures printed beside the main one (heap per connection).
   */
  run(side: 'raw' | 'rxnet', quick: boolean): Promise<number | Measurement>;
}

/** A figure, with side figures printed next to it. */
export interface Measurement {
  readonly value: number;
  readonly extra: Readonly<Record<string, number>>;
}

/** Throughput ratio target: rxnet/raw at least `value`. */
export const atLeast = (value: number): Target => ({ kind: 'ratio-at-least', value });

/**
 * Starts a helper process from `bench/load/<name>`: its compiled `.js` when this code runs
 * compiled (as the runner's children do), else its `.ts` through ts-node.
 */
export function forkHelper(name: string, args: readonly string[]): ChildProcess {
  const compiled = __filename.endsWith('.js');
  const file = join(__dirname, 'load', `${name}.${compiled ? 'js' : 'ts'}`);
  return fork(file, [...args], { execArgv: compiled ? [] : ['-r', 'ts-node/register'] });
}

/** Throws unless `condition`: a benchmark that computed a wrong result must not report a speed. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`benchmark self-check failed: ${what}`);
}
