/** encodeLines is covered with decodeLines (identity property); here: its own argument checks. */
import { from, lastValueFrom, toArray } from 'rxjs';
import { decodeLines, encodeLines } from '../../src';

describe('encodeLines', () => {
  it('C8: refuses a non-string line and an empty delimiter', async () => {
    expect(() => encodeLines({ delimiter: '' })).toThrow(TypeError);
    await expect(lastValueFrom(from([42 as never]).pipe(encodeLines()))).rejects.toBeInstanceOf(TypeError);
    await expect(lastValueFrom(from([42 as never]).pipe(encodeLines()))).rejects.toThrow('encodeLines: a line must be a string, got number');
    await expect(lastValueFrom(from(['a\nb']).pipe(encodeLines()))).rejects.toThrow('encodeLines: a line must not contain the delimiter');
    expect(() => encodeLines(1 as never)).toThrow(/^encodeLines: options /);
  });

  it('refuses a line that would not decode whole: one ending with the start of a delimiter that overlaps itself', async () => {
    // '|' + '||' is '|||', which decodeLines reads as an empty line, then an unterminated '|'.
    await expect(lastValueFrom(from(['|']).pipe(encodeLines({ delimiter: '||' })))).rejects.toThrow(
      'encodeLines: a line must not contain the delimiter, nor end with the start of one that overlaps itself',
    );
    await expect(lastValueFrom(from(['a|']).pipe(encodeLines({ delimiter: '||' })))).rejects.toBeInstanceOf(RangeError);
    // The same ends are fine where they cannot run into the delimiter.
    for (const [line, delimiter] of [['|a', '||'], ['a|b', '||'], ['\r', '\r\n']]) {
      const [framed] = await lastValueFrom(from([line]).pipe(encodeLines({ delimiter }), toArray()));
      expect(await lastValueFrom(from([framed]).pipe(decodeLines({ delimiter }), toArray()))).toEqual([line]);
    }
  });
});
