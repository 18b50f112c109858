/** Temporary directories for Unix socket paths, removed by `cleanup`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty directory under the OS temp dir. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rxnet-'));
  made.push(dir);
  return dir;
}

/** A path for a Unix socket in a fresh temp dir. */
export function socketPath(name = 's.sock'): string {
  return join(tempDir(), name);
}

/** Removes every directory made so far (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
