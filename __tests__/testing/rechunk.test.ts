/** rechunk: the network's splitting, seeded or given; bytes and order unchanged (F1, F2). */
import { from, lastValueFrom, map, range, reduce, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { chunks, decodeLines, encodeLines, sendAllTo, type AsyncStreamTransport } from '../../src';
import { marbleStreamTransport, rechunk, SeedError, trySeeds } from '../../src/testing';
import { readExactly } from '../support/bytes';
import { tcpKind } from '../support/pairs';
import { checkResources } from '../support/resources';

checkResources();

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const pieces = (chunks: string[], sizes: Parameters<typeof rechunk>[0]) =>
  lastValueFrom(from(chunks).pipe(rechunk(sizes), map((bytes: Buffer) => bytes.toString()), toArray()));

describe('rechunk', () => {
  it('F2: size 1 delivers the stream byte by byte, in the frame each chunk arrived', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-----b|', { a: 'abc', b: 'd' }).pipe(rechunk(1), map((bytes: Buffer) => bytes.toString()))).toBe('-(xyz)-b|', { x: 'a', y: 'b', z: 'c', b: 'd' });
    });
  });

  it('F2: a list of sizes is used in turn, and a piece never spans two chunks', async () => {
    expect(await pieces(['abcdef', 'gh'], [4, 1])).toEqual(['abcd', 'e', 'f', 'g', 'h']);
  });

  it('F1: a seed gives the same pieces every time; another seed gives others; bytes are unchanged', async () => {
    const text = 'the quick brown fox jumps over the lazy dog';
    const first = await pieces([text], { seed: 42, max: 5 });
    expect(await pieces([text], { seed: 42, max: 5 })).toEqual(first);
    expect(await pieces([text], { seed: 43, max: 5 })).not.toEqual(first);
    expect(first.join('')).toBe(text);
    expect(first.every((piece) => piece.length >= 1 && piece.length <= 5)).toBe(true);
    // Golden pieces: the same on every Node line CI runs (mulberry32 is integer arithmetic).
    expect(first.slice(0, 6)).toEqual(['the ', 'qui', 'ck br', 'own ', 'f', 'ox ']);
  });

  it('F1: each subscription starts the sequence over, so a resubscribed fault replays the same pieces', async () => {
    const operator = rechunk({ seed: 7, min: 1, max: 3 });
    const source = from(['abcdefghij']);
    const once = await lastValueFrom(source.pipe(operator, map((bytes: Buffer) => bytes.toString()), toArray()));
    expect(await lastValueFrom(source.pipe(operator, map((bytes: Buffer) => bytes.toString()), toArray()))).toEqual(once);
  });

  it('lets go of a synchronous source as soon as downstream has enough', async () => {
    let pulled = 0;
    const got = await lastValueFrom(range(0, 1_000_000).pipe(map(() => (pulled++, 'xy')), rechunk(1), take(3), toArray()));
    expect(got.map((bytes: Buffer) => bytes.toString())).toEqual(['x', 'y', 'x']);
    expect(pulled).toBe(2);
  });

  it('F1: bad sizes throw at once: RangeError below 1 or not an integer, TypeError for a non-number', () => {
    expect(() => rechunk(0)).toThrow(RangeError);
    expect(() => rechunk(1.5)).toThrow(RangeError);
    expect(() => rechunk([])).toThrow(RangeError);
    expect(() => rechunk([2, 0])).toThrow(/sizes\[1\]/);
    expect(() => rechunk({ seed: -1 })).toThrow(RangeError);
    expect(() => rechunk({ seed: 2 ** 32 })).toThrow(RangeError);
    expect(() => rechunk({ seed: 1, min: 4, max: 2 })).toThrow(RangeError);
    expect(() => rechunk('3' as unknown as number)).toThrow(TypeError);
  });
});

/**
 * Why rechunk exists: a handler with the classic framing bug (one chunk = one message) passes a
 * loopback test and a hand-written marble test, because both deliver the sender's chunks as sent;
 * re-chunked by a seed, it fails, and trySeeds names the seed that shows it.
 */
describe('a framing bug that only rechunk finds', () => {
  /** Upper-cases each line... assuming every chunk is exactly one line: the bug. */
  const buggy = (t: AsyncStreamTransport) => chunks(t).pipe(map((chunk) => Buffer.from(`${chunk.toString().trim().toUpperCase()}\n`)), sendAllTo(t, { eof: true }));
  /** The same protocol, framed: lines are decoded from the byte stream. */
  const framed = (t: AsyncStreamTransport) => chunks(t).pipe(decodeLines(), map((line) => line.toUpperCase()), encodeLines(), sendAllTo(t, { eof: true }));

  it.each([['buggy', buggy], ['framed', framed]])('the %s handler passes a loopback test', async (_, handler) => {
    const { a, b } = await tcpKind.open();
    const serving = from(handler(b)).subscribe();
    for (const word of ['hello', 'world']) {
      await a.sendAll(Buffer.from(`${word}\n`));
      expect((await readExactly(a, word.length + 1)).toString()).toBe(`${word.toUpperCase()}\n`);
    }
    serving.unsubscribe();
  });

  it.each([['buggy', buggy], ['framed', framed]])('the %s handler passes a hand-written marble test', (_, handler) => {
    scheduler().run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('-a-b|', { a: 'hello\n', b: 'world\n' }));
      handler(t).subscribe();
      expectObservable(t.sent$.pipe(map((bytes: Buffer) => bytes.toString()))).toBe('-a-b|', { a: 'HELLO\n', b: 'WORLD\n' });
    });
  });

  const underRechunk = (handler: typeof buggy) => (seed: number) =>
    scheduler().run(({ cold, expectObservable }) => {
      const t = marbleStreamTransport(cold('-a-b|', { a: 'hello\n', b: 'world\n' }).pipe(rechunk({ seed, max: 4 })));
      handler(t).subscribe();
      expectObservable(t.sent$.pipe(map((bytes: Buffer) => bytes.toString()), reduce((all, s) => all + s, ''))).toBe('----(s|)', { s: 'HELLO\nWORLD\n' });
    });

  it('F2: under seeded re-chunking the buggy handler fails, and the failure names its seed', () => {
    let failure: unknown;
    try {
      trySeeds(20, underRechunk(buggy));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SeedError);
    expect((failure as SeedError).message).toMatch(/^seed \d+: /);
    // It failed on the content: a piece of a line was taken for a line.
    expect(JSON.stringify((failure as SeedError).cause)).toMatch(/"value":"[A-Z]*\\n[A-Z]*\\n[A-Z]*\\n/);
    // Rerunning just that seed reproduces it.
    expect(() => trySeeds([(failure as SeedError).seed], underRechunk(buggy))).toThrow(SeedError);
  });

  it('F2: under the same seeds the framed handler passes every time', () => {
    expect(() => trySeeds(20, underRechunk(framed))).not.toThrow();
  });
});
