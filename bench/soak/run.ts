/**
 * `npm run soak [-- --quick] [-- --only=name,name] [-- --node=24]`: the fault suite. Each scenario runs in a
 * fresh child process against a real rxnet server on loopback and returns figures with their
 * bounds; this prints them all and exits non-zero if any bound is breached or a scenario fails.
 * `--quick` is the size CI runs; the full size is the one the README's figures come from.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compile, root } from '../compile';
import { underRequestedNode } from '../node-line';
import { holds, type Figure } from './soak';
import { soakScenarios } from './scenarios';

const run = promisify(execFile);
const args = process.argv.slice(2);
underRequestedNode('bench/soak/run.ts', args);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

function describe(figure: Figure): string {
  const sign = { 'at-most': '<=', 'at-least': '>=', exactly: '==' }[figure.bound.kind];
  return `${figure.what.padEnd(72)} ${`${figure.value} ${figure.unit}`.trim().padStart(14)}  ${sign} ${figure.bound.value} ${figure.unit}`.trimEnd();
}

async function main(): Promise<void> {
  const compiled = compile();
  const started = Date.now();
  let breaches = 0;
  console.log(`rxnet fault suite (${quick ? 'quick' : 'full'}), Node ${process.version}\n`);
  for (const [name, scenario] of Object.entries(soakScenarios)) {
    if (only !== undefined && !only.includes(name)) continue;
    const began = Date.now();
    console.log(`${scenario.name}`);
    try {
      const argv = [...(scenario.nodeFlags ?? []), join(compiled, 'bench', 'soak', 'child.js'), name, quick ? 'quick' : 'full'];
      const { stdout } = await run(process.execPath, argv, { cwd: root, maxBuffer: 16 << 20, timeout: 10 * 60_000 });
      const figures = JSON.parse(stdout.trim().split('\n').pop() as string) as Figure[];
      for (const figure of figures) {
        const ok = holds(figure);
        if (!ok) breaches++;
        console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${describe(figure)}`);
      }
    } catch (error) {
      breaches++;
      const { stderr, message } = error as { stderr?: string; message: string };
      console.log(`  FAIL the scenario did not finish: ${(stderr || message).trim().split('\n').slice(0, 8).join('\n       ')}`);
    }
    console.log(`  (${((Date.now() - began) / 1000).toFixed(1)} s)\n`);
  }
  console.log(`${breaches === 0 ? 'all bounds held' : `${breaches} bound(s) breached`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.exitCode = breaches === 0 ? 0 : 1;
}

void main();
