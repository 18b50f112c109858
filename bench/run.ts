/**
 * `npm run bench [-- --quick] [-- --only name,name]`: each scenario's raw Node version and
 * rxnet version, alternately, each run in a fresh child process: one warm-up pair (discarded),
 * then at least 5 pairs. Prints raw median, rxnet median, and the median of the per-pair
 * ratios rxnet/raw (throughput: higher is better) against the target; writes bench/results.json.
 * The machine is noisy (±15%), which is why ratios are taken per pair, in the same run.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scenarios } from './scenarios';

const run = promisify(execFile);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const pairs = Number(args.find((a) => a.startsWith('--pairs='))?.slice('--pairs='.length) ?? 5);

async function measure(name: string, side: 'raw' | 'rxnet'): Promise<number> {
  const tsNode = require.resolve('ts-node/dist/bin');
  const { stdout } = await run(process.execPath, [tsNode, join(__dirname, 'child.ts'), name, side, quick ? 'quick' : 'full'], {
    cwd: join(__dirname, '..'),
    maxBuffer: 1 << 20,
  });
  return (JSON.parse(stdout.trim().split('\n').pop() as string) as { value: number }).value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  console.log(`rxnet benchmarks (${quick ? 'quick' : 'full'}), ${pairs} pairs after a warm-up, Node ${process.version}\n`);
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only !== undefined && !only.includes(name)) continue;
    await measure(name, 'raw');
    await measure(name, 'rxnet');
    const raw: number[] = [];
    const rx: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // Alternate which side goes first, so neither always runs on a warmer machine.
      const order: Array<'raw' | 'rxnet'> = i % 2 === 0 ? ['raw', 'rxnet'] : ['rxnet', 'raw'];
      const got: Record<string, number> = {};
      for (const side of order) got[side] = await measure(name, side);
      raw.push(got.raw);
      rx.push(got.rxnet);
      ratios.push(got.rxnet / got.raw);
    }
    const ratio = median(ratios);
    const holds = scenario.target === undefined ? 'n/a' : ratio >= scenario.target ? 'yes' : 'NO';
    const row = {
      scenario: scenario.name,
      unit: scenario.unit,
      raw: median(raw),
      rxnet: median(rx),
      ratio,
      target: scenario.target ?? null,
      holds,
      sides: scenario.labels ?? { raw: 'raw Node', rxnet: 'rxnet' },
      ratios,
    };
    rows.push(row);
    const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
    console.log(
      `${scenario.name.padEnd(52)} ${`${fmt(row.raw)} ${scenario.unit}`.padStart(22)} ${`${fmt(row.rxnet)} ${scenario.unit}`.padStart(22)}` +
        `  ratio ${ratio.toFixed(3)}  target ${scenario.target === undefined ? '  -  ' : `>= ${scenario.target}`}  ${holds}`,
    );
  }
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify({ quick, pairs, node: process.version, date: new Date().toISOString(), rows }, null, 2)}\n`);
  console.log('\nwritten: bench/results.json');
}

void main();
