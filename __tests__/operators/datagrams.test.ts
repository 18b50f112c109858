/** datagrams: a datagram transport's datagrams as an Observable, over real UDP. */
import { firstValueFrom, take, toArray } from 'rxjs';
import { datagrams } from '../../src';
import { udp4Kind } from '../support/datagram-pairs';
import { checkResources } from '../support/resources';

checkResources();

describe('datagrams', () => {
  it('emits whole datagrams in order, and completes when the transport is closed locally', async () => {
    const { a, b } = await udp4Kind.open();
    const firstTwo = firstValueFrom(datagrams(b).pipe(take(2), toArray()));
    await a.send(Buffer.from('one'));
    await a.send(Buffer.from('two'));
    expect((await firstTwo).map(String)).toEqual(['one', 'two']);
    let completed = false;
    datagrams(b).subscribe({ complete: () => (completed = true) });
    await b.aclose();
    expect(completed).toBe(true);
  });

  it('C8: refuses what is not a datagram transport', () => {
    expect(() => datagrams({} as never)).toThrow(TypeError);
    expect(() => datagrams(undefined as never)).toThrow(/^datagrams: transport must be/);
  });
});
