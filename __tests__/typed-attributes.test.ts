/** A1/A2: attribute keys are unique by identity; lookups answer, fall back, or throw the lookup error. */
import { SocketAttribute, TypedAttributeLookupError, typedAttribute } from '../src';
import { lookupAttribute } from '../src/typed-attributes';

describe('typed attributes', () => {
  it('A1: two keys with one name are different keys', () => {
    const a = typedAttribute<number>('n');
    const b = typedAttribute<number>('n');
    const map = new Map([[a, () => 1]]);
    expect(lookupAttribute(map, a)).toBe(1);
    expect(() => lookupAttribute(map, b)).toThrow(TypedAttributeLookupError);
    expect(() => typedAttribute(3 as never)).toThrow(TypeError);
  });

  it('A1: a getter that throws the lookup error means "no value": the fallback answers', () => {
    const attr = typedAttribute<string>('s');
    const map = new Map([
      [
        attr,
        () => {
          throw new TypedAttributeLookupError('gone');
        },
      ],
    ]);
    expect(lookupAttribute(map, attr, 'fallback')).toBe('fallback');
    expect(() => lookupAttribute(map, attr)).toThrow('gone');
  });

  it('A1: any other error from a getter propagates, fallback or not', () => {
    const attr = typedAttribute<string>('s');
    const map = new Map([
      [
        attr,
        () => {
          throw new RangeError('bug');
        },
      ],
    ]);
    expect(() => lookupAttribute(map, attr, 'fallback')).toThrow(RangeError);
  });

  it('A2: SocketAttribute names socket, family, localAddress and remoteAddress', () => {
    expect(Object.keys(SocketAttribute).sort()).toEqual(['family', 'localAddress', 'remoteAddress', 'socket']);
  });
});
