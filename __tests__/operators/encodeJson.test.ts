/** encodeJson: one line per value, newlines inside strings escaped by JSON. */
import { from, lastValueFrom, toArray } from 'rxjs';
import { encodeJson } from '../../src';

it('emits one line per value', async () => {
  const out = await lastValueFrom(from([{ a: 'x\ny' }, 3]).pipe(encodeJson(), toArray()));
  expect(out.map(String)).toEqual(['{"a":"x\\ny"}\n', '3\n']);
});
