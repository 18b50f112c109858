/** decodeLines: any chunking gives the same lines; oversize and truncated input give the documented errors. */
import fc from 'fast-check';
import { FrameTooLargeError, IncompleteFrameError, decodeLines, encodeLines } from '../../src';
import { cut, offsets, run } from '../support/split';
import { from, lastValueFrom, toArray } from 'rxjs';

const line = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !s.includes('\n') && !s.includes('\r'));

describe('decodeLines', () => {
  it('any split of a valid stream into chunks decodes to the same lines (UTF-8 cut anywhere)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 20 }), offsets, async (lines, at) => {
        const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
        expect(await run(cut(bytes, at), decodeLines())).toEqual(lines);
      }),
    );
  });

  it('encodeLines then decodeLines is the identity, for any delimiter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '||', '🙂'), offsets, async (lines, delimiter, at) => {
        // What encodeLines accepts: the line's own end is the delimiter's first occurrence.
        const clean = lines.filter((l) => (l + delimiter).indexOf(delimiter) === l.length);
        const encoded = await lastValueFrom(from(clean).pipe(encodeLines({ delimiter }), toArray()));
        expect(await run(cut(Buffer.concat(encoded), at), decodeLines({ delimiter }))).toEqual(clean);
      }),
    );
  });

  it('a line over maxLineLength errors with FrameTooLargeError before more than maxLineLength + one chunk is held', async () => {
    await expect(run([Buffer.from('ab'), Buffer.from('cdef'), Buffer.from('\n')], decodeLines({ maxLineLength: 4 }))).rejects.toBeInstanceOf(
      FrameTooLargeError,
    );
    // Never terminated: the error comes as soon as the bound is crossed, not at a delimiter that never arrives.
    const emitted: string[] = [];
    let failure: unknown;
    from([Buffer.from('ok\nabc'), Buffer.from('de'), Buffer.from('never reached')])
      .pipe(decodeLines({ maxLineLength: 4 }))
      .subscribe({ next: (l) => emitted.push(l), error: (e: unknown) => (failure = e) });
    expect(emitted).toEqual(['ok']);
    expect(failure).toBeInstanceOf(FrameTooLargeError);
  });

  it('a whole line with its delimiter in one chunk is bounded too: exactly maxLineLength passes, one byte more errors', async () => {
    // Several lines in one chunk: each is measured from its own start, not from the chunk's.
    expect(await run([Buffer.from('abcd\nefgh\nijkl\n')], decodeLines({ maxLineLength: 4 }))).toEqual(['abcd', 'efgh', 'ijkl']);
    await expect(run([Buffer.from('abcd\nefghi\n')], decodeLines({ maxLineLength: 4 }))).rejects.toBeInstanceOf(FrameTooLargeError);
  });

  it('a stream ending inside a line errors with IncompleteFrameError', async () => {
    await expect(run([Buffer.from('done\npartial')], decodeLines())).rejects.toBeInstanceOf(IncompleteFrameError);
    await expect(run([], decodeLines())).resolves.toEqual([]);
  });

  it('C8: bad options and non-byte chunks are refused', async () => {
    expect(() => decodeLines({ delimiter: '' })).toThrow(TypeError);
    expect(() => decodeLines({ maxLineLength: 0 })).toThrow(RangeError);
    expect(() => decodeLines({ delimiter: '' })).toThrow('decodeLines: options.delimiter must be a non-empty string');
    expect(() => decodeLines(3 as never)).toThrow(/^decodeLines: options /);
    await expect(run([Buffer.from('partial')], decodeLines())).rejects.toThrow('the stream ended inside a line (7 bytes without a delimiter)');
    await expect(run([Buffer.from('abcdef\n')], decodeLines({ maxLineLength: 4 }))).rejects.toThrow(
      'line longer than maxLineLength (4 bytes): at least 6',
    );
    await expect(lastValueFrom(from(['text' as never]).pipe(decodeLines()))).rejects.toBeInstanceOf(TypeError);
    await expect(lastValueFrom(from(['text' as never]).pipe(decodeLines()))).rejects.toThrow(/^chunk must be an ArrayBufferView/);
  });
});

describe('encodeLines', () => {
  it('appends the delimiter and refuses a line that contains it', async () => {
    expect((await lastValueFrom(from(['a', 'b']).pipe(encodeLines({ delimiter: '\r\n' }), toArray()))).map(String)).toEqual(['a\r\n', 'b\r\n']);
    await expect(lastValueFrom(from(['a\nb']).pipe(encodeLines()))).rejects.toBeInstanceOf(RangeError);
  });
});
