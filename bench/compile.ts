/**
 * Transpiles bench/, src/ and examples/ once into a temporary directory, so that each child of
 * the benchmark and soak runners starts in a fraction of a second instead of loading the
 * TypeScript compiler every time. The directory is removed when the runner exits.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

/** The project's root, where package.json is. */
export const root = join(__dirname, '..');

/** Compiles into a fresh temporary directory and returns it. */
export function compile(): string {
  const out = mkdtempSync(join(tmpdir(), 'rxnet-bench-'));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const { outputText } = ts.transpileModule(readFileSync(join(root, path), 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
          fileName: path,
        });
        mkdirSync(join(out, dir), { recursive: true });
        writeFileSync(join(out, path.replace(/\.ts$/, '.js')), outputText);
      }
    }
  };
  for (const dir of ['bench', 'src', 'examples']) walk(dir);
  // Compiled modules resolve rxjs and the rest from the project's node_modules, and 'rxnet'
  // (what the examples import) to the compiled source, as a package referring to itself.
  symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'), 'dir');
  const entries = { '.': './src/index.js', './testing': './src/testing/index.js' };
  writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'rxnet', private: true, exports: entries }));
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  return out;
}
