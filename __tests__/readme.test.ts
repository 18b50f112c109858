/**
 * Every TypeScript block of the README type-checks against the package as printed, as a user's
 * ES module would (top-level await, `import ... from 'rxnet'`), unless its first line says it is
 * a fragment. A README whose examples do not compile is a README a stranger cannot follow.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const root = join(__dirname, '..');

interface Block {
  readonly line: number;
  readonly code: string;
}

function typescriptBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (lines[end].trim() !== '```') end++;
    blocks.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

const blocks = typescriptBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
const complete = blocks.filter((block) => !/^\/\/ A fragment/.test(block.code));

test('the README has complete blocks to check, and every fragment names itself', () => {
  expect(complete.length).toBeGreaterThanOrEqual(4);
  for (const block of blocks.filter((b) => !complete.includes(b))) expect(block.code).toMatch(/^\/\/ A fragment: .+/);
});

test('every complete README block type-checks against rxnet, as printed', () => {
  // Virtual files inside the project, so that 'rxnet' resolves as the package itself (its
  // exports' rxnet-source condition points at src/), and `.mts` so that they are ES modules.
  const files = new Map(complete.map((block) => [join(root, `readme-block-line-${block.line}.mts`), block.code]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['rxnet-source'],
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.getSourceFile = (name, language, ...rest) =>
    files.has(name) ? ts.createSourceFile(name, files.get(name) as string, language) : getSourceFile(name, language, ...rest);
  const program = ts.createProgram([...files.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file !== undefined && files.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const file = diagnostic.file as ts.SourceFile;
      const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const readmeLine = Number(/line-(\d+)/.exec(file.fileName)?.[1]) + line;
      return `README.md:${readmeLine}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
}, 60_000);
