/**
 * `--node=<major>` for the bench and soak runners: runs this same runner again under the newest
 * <major>.x Node (installed by `.ci/with-node`), with the other arguments, and exits with its
 * status. Without the flag it returns, and the runner goes on under the current Node.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './compile';

export function underRequestedNode(runner: string, args: readonly string[]): void {
  const flag = args.find((a) => a.startsWith('--node='));
  if (flag === undefined) return;
  const major = flag.slice('--node='.length);
  if (!/^\d+$/.test(major)) throw new RangeError(`--node takes a major version, e.g. --node=24, got ${JSON.stringify(major)}`);
  const rest = args.filter((a) => a !== flag);
  const { status } = spawnSync('bash', [join(root, '.ci', 'with-node'), major, 'npx', 'ts-node', runner, ...rest], { cwd: root, stdio: 'inherit' });
  process.exit(status ?? 1);
}
