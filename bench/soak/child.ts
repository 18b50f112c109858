/** One scenario of the fault suite in a fresh process: `child.js <scenario> <quick|full>`; prints its figures as one JSON line. */
import { soakScenarios } from './scenarios';

async function main(): Promise<void> {
  const [name, mode] = process.argv.slice(2);
  const scenario = soakScenarios[name];
  if (scenario === undefined) throw new Error(`unknown soak scenario ${name}`);
  const figures = await scenario.run(mode === 'quick');
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
