/**
 * The layout is the architecture (README "Layout"): adapters at the edge touch Node sockets and
 * nothing else does; imports point from the edges toward the contract; no import circles.
 * Each rule is also run on a made-up tree that breaks it, so a rule that cannot fail is caught.
 */
import { join } from 'node:path';
import {
  folderViolations,
  importCycles,
  importEdges,
  platformViolations,
  readSourceTree,
  type SourceTree,
} from './support/layout';

const tree = readSourceTree(join(__dirname, '..', 'src'));
const edges = importEdges(tree);

const SOCKET_MODULES = ['net', 'dgram', 'tls'];
const SOCKET_FOLDERS = ['node', 'tls'];
// The attribute keys name the socket types users read (SocketAttribute.socket, TLSAttribute.tlsSocket).
const SOCKET_TYPES_ALLOWED = ['typed-attributes.ts'];

/** What each folder (or root file) may import besides itself: the direction of every arrow. */
const ALLOWED = new Map<string, readonly string[]>([
  ['errors.ts', []],
  ['typed-attributes.ts', ['errors.ts']],
  ['internal', ['errors.ts']],
  ['core', ['errors.ts', 'typed-attributes.ts', 'internal']],
  ['reading', ['errors.ts', 'internal', 'core']],
  ['serving', ['errors.ts', 'typed-attributes.ts', 'internal', 'core']],
  ['operators', ['errors.ts', 'typed-attributes.ts', 'internal', 'core']],
  ['composite', ['errors.ts', 'typed-attributes.ts', 'internal', 'core']],
  ['memory', ['errors.ts', 'typed-attributes.ts', 'internal', 'core', 'reading', 'node']],
  ['node', ['errors.ts', 'typed-attributes.ts', 'internal', 'core', 'reading', 'serving', 'composite']],
  ['tls', ['errors.ts', 'typed-attributes.ts', 'internal', 'core', 'serving', 'node']],
  ['testing', ['errors.ts', 'typed-attributes.ts', 'internal', 'core', 'reading', 'serving']],
  ['entry-points.ts', ['typed-attributes.ts', 'internal', 'core', 'node', 'tls']],
  ['index.ts', [...new Set(['errors.ts', 'typed-attributes.ts', 'entry-points.ts', 'internal', 'core', 'reading', 'serving', 'operators', 'composite', 'memory', 'node', 'tls'])]],
]);

const madeUp = (files: Record<string, string>): SourceTree => new Map(Object.entries(files));

describe('only src/node/ and src/tls/ import node:net, node:dgram or node:tls', () => {
  test('holds for src/', () => {
    expect(platformViolations(edges, SOCKET_MODULES, SOCKET_FOLDERS, SOCKET_TYPES_ALLOWED)).toEqual([]);
  });

  test('is found in a made-up serving/ that imports node:net, in any spelling', () => {
    const violating = importEdges(
      madeUp({
        'serving/a.ts': "import * as net from 'node:net';",
        'serving/b.ts': "import { createSocket } from 'dgram';",
        'serving/c.ts': "const tls = require('node:tls');",
        'typed-attributes.ts': "import { Socket } from 'node:net';", // a value import is not a type
        'node/d.ts': "import * as net from 'node:net';",
      }),
    );
    expect(platformViolations(violating, SOCKET_MODULES, SOCKET_FOLDERS, SOCKET_TYPES_ALLOWED)).toEqual([
      'serving/a.ts imports node:net',
      'serving/b.ts imports dgram',
      'serving/c.ts imports node:tls',
      'typed-attributes.ts imports node:net',
    ]);
  });
});

describe('no import circle in src/, type-only imports included', () => {
  test('holds for src/', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  test('is found in a made-up circle through a type-only import', () => {
    const circular = importEdges(
      madeUp({
        'core/abc.ts': "import type { X } from '../serving/x';",
        'serving/x.ts': "import { y } from './y';",
        'serving/y.ts': "export { z } from '../core/abc';",
      }),
    );
    expect(importCycles(circular)).toEqual([['core/abc.ts', 'serving/x.ts', 'serving/y.ts', 'core/abc.ts']]);
  });
});

describe('imports point from the edges toward the contract', () => {
  test('every folder imports only what the layout allows it', () => {
    expect(folderViolations(edges, ALLOWED)).toEqual([]);
  });

  test('every folder of src/ is in the layout', () => {
    const units = new Set([...tree.keys()].map((path) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : path)));
    expect([...units].sort()).toEqual([...ALLOWED.keys()].sort());
  });

  test('is found in a made-up core/ that imports serving/', () => {
    const backwards = importEdges(madeUp({ 'core/abc.ts': "import { handle } from '../serving/handle';", 'serving/handle.ts': '' }));
    expect(folderViolations(backwards, ALLOWED)).toEqual(['core/abc.ts imports serving/handle.ts']);
  });

  test('every folder states in one file what it owns and what it may import', () => {
    const folders = [...ALLOWED.keys()].filter((unit) => !unit.endsWith('.ts'));
    const unstated = folders.filter((folder) => ![...tree].some(([path, source]) => path.startsWith(`${folder}/`) && source.startsWith(`/**\n * \`src/${folder}/\``)));
    expect(unstated).toEqual([]);
  });
});
