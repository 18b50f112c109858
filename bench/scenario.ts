/** What one benchmark scenario provides: a measurement of the raw Node version and of rxnet's. */
export interface Scenario {
  readonly name: string;
  /** What `run` returns, e.g. 'MB/s'. */
  readonly unit: string;
  /** The rxnet/raw ratio that must hold (at least, for throughput). Undefined: printed, no target. */
  readonly target?: number;
  /** Labels of the two sides when they are not raw Node and rxnet. */
  readonly labels?: { readonly raw: string; readonly rxnet: string };
  /**
   * Runs one side once and returns its figure. Each run checks its own result (byte counts,
   * echo contents) and throws when it is wrong, so a fast wrong result cannot pass.
   */
  run(side: 'raw' | 'rxnet', quick: boolean): Promise<number>;
}

/** Throws unless `condition`: a benchmark that computed a wrong result must not report a speed. */
export function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`benchmark self-check failed: ${what}`);
}
