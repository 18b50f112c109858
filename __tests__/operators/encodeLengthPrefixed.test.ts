/** encodeLengthPrefixed: the header is the big-endian length (the identity property lives with the decoder). */
import { from, lastValueFrom } from 'rxjs';
import { encodeLengthPrefixed } from '../../src';

it('writes a big-endian length header of headerSize bytes', async () => {
  const out = await lastValueFrom(from([Buffer.from('abc')]).pipe(encodeLengthPrefixed({ headerSize: 2 })));
  expect([...out]).toEqual([0, 3, 0x61, 0x62, 0x63]);
  await expect(lastValueFrom(from(['str' as never]).pipe(encodeLengthPrefixed()))).rejects.toBeInstanceOf(TypeError);
});
