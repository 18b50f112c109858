/** C8: every error is an exported class with a stable code; a lower-level error travels as cause. */
import {
  BrokenResourceError,
  BusyResourceError,
  ClosedResourceError,
  FrameTooLargeError,
  IdleTimeoutError,
  IncompleteFrameError,
  RxnetError,
  StartTlsPlaintextBufferedError,
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
    [StartTlsPlaintextBufferedError, 'ERR_STARTTLS_PLAINTEXT_BUFFERED'],
    [FrameTooLargeError, 'ERR_FRAME_TOO_LARGE'],
    [IncompleteFrameError, 'ERR_INCOMPLETE_FRAME'],
    [IdleTimeoutError, 'ERR_IDLE_TIMEOUT'],
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

  it.each([
    [ClosedResourceError, 'the resource was closed'],
    [BrokenResourceError, 'the resource is broken'],
    [BusyResourceError, 'another task is already using this resource'],
    [UnsupportedOperation, 'operation not supported'],
    [TypedAttributeLookupError, 'attribute not found'],
    [StartTlsPlaintextBufferedError, 'plaintext arrived before the TLS upgrade: refusing to read it as TLS'],
    [FrameTooLargeError, 'frame larger than the limit'],
    [IncompleteFrameError, 'the stream ended in the middle of a frame'],
    [IdleTimeoutError, 'no byte received or sent within the idle timeout'],
  ])('C8: %p made without a message still says what happened, and takes a cause', (Class, message) => {
    const cause = new Error('below');
    expect(new Class().message).toBe(message);
    expect(new Class(undefined, { cause }).cause).toBe(cause);
  });
});
