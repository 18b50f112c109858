/**
 * `npm run bench [-- --quick] [-- --only=name,name] [-- --pairs=N] [-- --subscribed] [-- --node=24]`: each scenario's raw Node version and
 * rxnet version, alternately, each run in a fresh child process: one warm-up pair (discarded),
 * then at least 5 pairs. Prints raw median, rxnet median, and the median of the per-pair
 * ratios rxnet/raw (throughput: higher is better) against the target; writes bench/results.json.
 * The machine is noisy (±15%), which is why ratios are taken per pair, in the same run.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compile, root } from './compile';
import { underRequestedNode } from './node-line';
import type { Measurement, Scenario } from './scenario';
import { scenarios } from './scenarios';

const run = promisify(execFile);
const args = process.argv.slice(2);
underRequestedNode('bench/run.ts', args);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const pairs = Number(args.find((a) => a.startsWith('--pairs='))?.slice('--pairs='.length) ?? 5);
const subscribed = args.includes('--subscribed');

const compiled = compile();

async function measure(name: string, scenario: Scenario, side: 'raw' | 'rxnet'): Promise<Measurement> {
  const argv = [...(scenario.nodeFlags ?? []), join(compiled, 'bench', 'child.js'), name, side, quick ? 'quick' : 'full', subscribed ? 'subscribed' : 'plain'];
  const { stdout } = await run(process.execPath, argv, { cwd: root, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Measurement;
}

/** Whether the medians meet the scenario's target: 'n/a' when it has none. */
function verdict(scenario: Scenario, ratio: number, rxnet: number): 'yes' | 'NO' | 'n/a' {
  const target = scenario.target;
  if (target === undefined) return 'n/a';
  const holds = target.kind === 'ratio-at-least' ? ratio >= target.value : target.kind === 'ratio-at-most' ? ratio <= target.value : rxnet <= target.value;
  return holds ? 'yes' : 'NO';
}

function describeTarget(scenario: Scenario): string {
  const target = scenario.target;
  if (target === undefined) return '-';
  if (target.kind === 'ratio-at-least') return `ratio >= ${target.value}`;
  if (target.kind === 'ratio-at-most') return `ratio <= ${target.value}`;
  return `rxnet <= ${target.label}`;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  console.log(`rxnet benchmarks (${quick ? 'quick' : 'full'}${subscribed ? ', every diagnostics channel subscribed' : ''}), ${pairs} pairs after a warm-up, Node ${process.version}\n`);
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only !== undefined && !only.includes(name)) continue;
    await measure(name, scenario, 'raw');
    await measure(name, scenario, 'rxnet');
    const runs: Record<'raw' | 'rxnet', Measurement[]> = { raw: [], rxnet: [] };
    const ratios: number[] = [];
    for (let i = 0; i < pairs; i++) {
      // Alternate which side goes first, so neither always runs on a warmer machine.
      const order: Array<'raw' | 'rxnet'> = i % 2 === 0 ? ['raw', 'rxnet'] : ['rxnet', 'raw'];
      const got: Partial<Record<'raw' | 'rxnet', Measurement>> = {};
      for (const side of order) got[side] = await measure(name, scenario, side);
      const { raw, rxnet } = got as Record<'raw' | 'rxnet', Measurement>;
      runs.raw.push(raw);
      runs.rxnet.push(rxnet);
      ratios.push(rxnet.value / raw.value);
    }
    const ratio = median(ratios);
    const medians = (side: 'raw' | 'rxnet'): Record<string, number> => {
      const keys = Object.keys(runs[side][0].extra);
      return Object.fromEntries(keys.map((key) => [key, median(runs[side].map((m) => m.extra[key]))]));
    };
    const raw = median(runs.raw.map((m) => m.value));
    const rxnet = median(runs.rxnet.map((m) => m.value));
    const row = {
      scenario: scenario.name,
      unit: scenario.unit,
      raw,
      rxnet,
      ratio,
      target: scenario.target ?? null,
      holds: verdict(scenario, ratio, rxnet),
      sides: scenario.labels ?? { raw: 'raw Node', rxnet: 'rxnet' },
      extra: { raw: medians('raw'), rxnet: medians('rxnet') },
      ratios,
    };
    rows.push(row);
    console.log(
      `${scenario.name.padEnd(52)} ${`${fmt(raw)} ${scenario.unit}`.padStart(24)} ${`${fmt(rxnet)} ${scenario.unit}`.padStart(24)}` +
        `  ratio ${ratio.toFixed(3)}  target ${describeTarget(scenario).padEnd(14)} ${row.holds}`,
    );
    for (const [key, value] of Object.entries(row.extra.rxnet)) {
      console.log(`${''.padEnd(4)}${key}: raw ${fmt(row.extra.raw[key])}, rxnet ${fmt(value)}`);
    }
  }
  writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify({ quick, pairs, node: process.version, date: new Date().toISOString(), rows }, null, 2)}\n`);
  console.log('\nwritten: bench/results.json');
}

void main();
