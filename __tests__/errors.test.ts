/** C8: every error is an exported class with a stable code; a lower-level error travels as cause. */
import {
  BrokenResourceError,
  BusyResourceError,
  ClosedResourceError,
  RxnetError,
  TypedAttributeLookupError,
  UnsupportedOperation,
} from '../src';

describe('error classes', () => {
  it.each([
    [ClosedResourceError, 'ERR_CLOSED_RESOURCE'],
    [BrokenResourceError, 'ERR_BROKEN_RESOURCE'],
    [BusyResourceError, 'ERR_BUSY_RESOURCE'],
    [UnsupportedOperation, 'ERR_UNSUPPORTED_OPERATION'],
    [TypedAttributeLookupError, 'ERR_TYPED_ATTRIBUTE_LOOKUP'],
  ])('C8: %p has code %s, its own name, and is an RxnetError and an Error', (Class, code) => {
    const error = new Class('message');
    expect(error.code).toBe(code);
    expect(error.name).toBe(Class.name);
    expect(error.message).toBe('message');
    expect(error).toBeInstanceOf(RxnetError);
    expect(error).toBeInstanceOf(Error);
  });

  it('C4: BrokenResourceError keeps the Node error as cause', () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(new BrokenResourceError('broken', { cause }).cause).toBe(cause);
  });
});
