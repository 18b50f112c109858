/** encodeLines is covered with decodeLines (identity property); here: its own argument checks. */
import { from, lastValueFrom } from 'rxjs';
import { encodeLines } from '../../src';

describe('encodeLines', () => {
  it('C8: refuses a non-string line and an empty delimiter', async () => {
    expect(() => encodeLines({ delimiter: '' })).toThrow(TypeError);
    await expect(lastValueFrom(from([42 as never]).pipe(encodeLines()))).rejects.toBeInstanceOf(TypeError);
    await expect(lastValueFrom(from([42 as never]).pipe(encodeLines()))).rejects.toThrow('encodeLines: a line must be a string, got number');
    await expect(lastValueFrom(from(['a\nb']).pipe(encodeLines()))).rejects.toThrow('encodeLines: a line must not contain the delimiter');
    expect(() => encodeLines(1 as never)).toThrow(/^encodeLines: options /);
  });
});
