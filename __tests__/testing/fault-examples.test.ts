/**
 * F1: the marble example in each fault operator's TSDoc runs, as printed, and holds. The examples
 * are the operators' documentation; this keeps a wrong one from reaching a reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import * as ts from 'typescript';
import * as testing from '../../src/testing';

const folder = join(__dirname, '../../src/testing');

/** The ```ts block of a file's header comment, without the ` * ` margin. */
function headerExample(source: string): string | undefined {
  const header = source.slice(0, source.indexOf('*/'));
  const block = /```ts\n([\s\S]*?)\n \* ```/.exec(header);
  return block?.[1].replace(/^ \* ?/gm, '');
}

const OPERATORS = ['rechunk', 'coalesce', 'latency', 'stall', 'reset-after', 'eof-after', 'drop-datagrams', 'duplicate-datagrams', 'reorder-datagrams', 'delay-datagrams'];
const examples = OPERATORS.map((name) => ({ file: `${name}.ts`, code: headerExample(readFileSync(join(folder, `${name}.ts`), 'utf8')) }));

describe('the fault operators document themselves with examples that run', () => {
  it('every fault operator has its own file with a marble example in its header', () => {
    const files = readdirSync(folder);
    for (const { file, code } of examples) {
      expect(files).toContain(file);
      expect(code).toContain('testScheduler.run(({ cold');
    }
  });

  it.each(examples)('F1: the example of $file holds', ({ code }) => {
    if (code === undefined) throw new Error('no example');
    const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
    const names = Object.keys(testing);
    let checked = 0;
    const testScheduler = new TestScheduler((actual, expected) => {
      checked++;
      expect(actual).toEqual(expected);
    });
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code is this repository's own TSDoc
    const example = new Function('testScheduler', 'map', ...names, js) as (...scope: unknown[]) => void;
    example(testScheduler, map, ...names.map((name) => (testing as Record<string, unknown>)[name]));
    expect(checked).toBeGreaterThan(0);
  });
});
