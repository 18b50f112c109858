/** Newline-delimited JSON: identity under any chunking; bad JSON and unrepresentable values error. */
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { decodeJson, encodeJson, FrameTooLargeError, IncompleteFrameError } from '../../src';
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
    await expect(lastValueFrom(from([undefined]).pipe(encodeJson()))).rejects.toThrow('encodeJson: undefined cannot be encoded as JSON');
  });

  it('decodeJson passes its line options on (maxLineLength), the delimiter staying a newline', async () => {
    await expect(run([Buffer.from('[1,2,3]\n')], decodeJson({ maxLineLength: 6 }))).rejects.toBeInstanceOf(FrameTooLargeError);
    expect(await run([Buffer.from('[1,2,3]\n')], decodeJson({ maxLineLength: 7 }))).toEqual([[1, 2, 3]]);
  });
});
