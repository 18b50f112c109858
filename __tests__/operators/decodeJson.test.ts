/** Newline-delimited JSON: identity under any chunking; bad JSON and unrepresentable values error. */
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { decodeJson, encodeJson, IncompleteFrameError } from '../../src';
import { cut, offsets, run } from '../support/split';

describe('decodeJson / encodeJson', () => {
  it('encode then decode is the identity for any JSON values and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 10 }), offsets, async (values, at) => {
        const encoded = await lastValueFrom(from(values).pipe(encodeJson(), toArray()));
        const decoded = await run(cut(Buffer.concat(encoded), at), decodeJson());
        expect(decoded).toEqual(values.map((v) => JSON.parse(JSON.stringify(v)) as unknown));
      }),
    );
  });

  it('a line that is not JSON errors with SyntaxError; a cut line with IncompleteFrameError; undefined cannot be encoded', async () => {
    await expect(run([Buffer.from('{oops\n')], decodeJson())).rejects.toBeInstanceOf(SyntaxError);
    await expect(run([Buffer.from('{"a":1}')], decodeJson())).rejects.toBeInstanceOf(IncompleteFrameError);
    await expect(lastValueFrom(from([undefined]).pipe(encodeJson()))).rejects.toBeInstanceOf(TypeError);
  });
});
