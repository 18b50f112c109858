/**
 * Reads `src/` as a graph of imports, for the layout rules of `__tests__/layout.test.ts`. Pure
 * functions over a `{ path: source }` map, so the rules can be shown to fail on a made-up tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import * as ts from 'typescript';

/** Source files by path relative to the tree's root, with '/' separators. */
export type SourceTree = ReadonlyMap<string, string>;

/** One import or re-export of a file. */
export interface ImportEdge {
  readonly from: string;
  /** A tree path for a relative import, the bare specifier (`node:net`, `rxjs`) otherwise. */
  readonly to: string;
  /** `import type`/`export type`: erased at compile time, nothing loaded. */
  readonly typeOnly: boolean;
}

/** Every `.ts` file under `root`. */
export function readSourceTree(root: string): SourceTree {
  const tree = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) tree.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return tree;
}

/** The imports and re-exports of every file, relative ones resolved to tree paths. */
export function importEdges(tree: SourceTree): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [from, source] of tree) {
    const file = ts.createSourceFile(from, source, ts.ScriptTarget.ES2022, false);
    const add = (specifier: string, typeOnly: boolean): void => {
      edges.push({ from, to: specifier.startsWith('.') ? resolve(tree, from, specifier) : specifier, typeOnly });
    };
    for (const statement of file.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        add(statement.moduleSpecifier.text, isTypeOnlyImport(statement));
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        add(statement.moduleSpecifier.text, statement.isTypeOnly || isTypeOnlyExport(statement));
      }
    }
    // Dynamic imports and require calls load modules too.
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
        const callee = node.expression;
        if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
          add((node.arguments[0]).text, false);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return edges;
}

function isTypeOnlyImport(statement: ts.ImportDeclaration): boolean {
  const clause = statement.importClause;
  if (clause === undefined) return false; // `import 'x'` runs x
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

function isTypeOnlyExport(statement: ts.ExportDeclaration): boolean {
  const clause = statement.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly);
}

function resolve(tree: SourceTree, from: string, specifier: string): string {
  const base = normalize(join(dirname(from), specifier)).split('\\').join('/');
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) if (tree.has(candidate)) return candidate;
  return `${base} (unresolved)`;
}

/** The unit a tree path belongs to: its folder (first segment), or the file itself at the root. */
export function folderOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}

/** Import circles among tree files (type-only imports included), each as the path around it. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (state.get(target) === undefined && next.has(target)) visit(target);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...next.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

/** Imports of `modules` (bare specifiers) from a folder not listed in `allowedIn`, as readable lines. */
export function platformViolations(
  edges: readonly ImportEdge[],
  modules: readonly string[],
  allowedIn: readonly string[],
  typeOnlyAllowedIn: readonly string[],
): string[] {
  return edges
    .filter(({ to }) => modules.includes(to.replace(/^node:/, '')))
    .filter(({ from, typeOnly }) => !allowedIn.includes(folderOf(from)) && !(typeOnly && typeOnlyAllowedIn.includes(from)))
    .map(({ from, to, typeOnly }) => `${from} imports ${typeOnly ? 'types of ' : ''}${to}`);
}

/** Imports from one folder into another that `allowed` (folder -> folders it may import) does not list. */
export function folderViolations(edges: readonly ImportEdge[], allowed: ReadonlyMap<string, readonly string[]>): string[] {
  return edges
    .filter(({ to }) => !to.includes(' ') && /\.ts$/.test(to))
    .filter(({ from, to }) => folderOf(from) !== folderOf(to))
    .filter(({ from, to }) => !(allowed.get(folderOf(from)) ?? []).includes(folderOf(to)))
    .map(({ from, to }) => `${from} imports ${to}`);
}
