/**
 * One measurement in a fresh process: `child.ts <scenario> <raw|rxnet> <quick|full>`. It loads
 * rxnet (and so rxjs) whichever side it measures, so both processes carry the same modules,
 * and prints one JSON line: { value, extra }. A fourth argument `subscribed` puts a subscriber
 * on every rxnet diagnostics channel first.
 */
import { subscribe } from 'node:diagnostics_channel';
import { CHANNELS } from '../src';
import { scenarios } from './scenarios';

async function main(): Promise<void> {
  const [name, side, mode, subscribed] = process.argv.slice(2);
  // --subscribed: what an instrumented process pays, a subscriber on every rxnet channel.
  if (subscribed === 'subscribed') for (const channel of Object.values(CHANNELS)) subscribe(channel, () => undefined);
  const scenario = scenarios[name];
  if (scenario === undefined || (side !== 'raw' && side !== 'rxnet')) throw new Error(`usage: child.ts <scenario> <raw|rxnet> <quick|full>`);
  const result = await scenario.run(side, mode === 'quick');
  const measurement = typeof result === 'number' ? { value: result, extra: {} } : result;
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
