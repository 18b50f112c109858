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
  // One row per class: its code, and the message it has when made without one.
  it.each([
    [ClosedResourceError, 'ERR_CLOSED_RESOURCE', 'the resource was closed'],
    [BrokenResourceError, 'ERR_BROKEN_RESOURCE', 'the resource is broken'],
    [BusyResourceError, 'ERR_BUSY_RESOURCE', 'another task is already using this resource'],
    [UnsupportedOperation, 'ERR_UNSUPPORTED_OPERATION', 'operation not supported'],
    [TypedAttributeLookupError, 'ERR_TYPED_ATTRIBUTE_LOOKUP', 'attribute not found'],
    [StartTlsPlaintextBufferedError, 'ERR_STARTTLS_PLAINTEXT_BUFFERED', 'plaintext arrived before the TLS upgrade: refusing to read it as TLS'],
    [FrameTooLargeError, 'ERR_FRAME_TOO_LARGE', 'frame larger than the limit'],
    [IncompleteFrameError, 'ERR_INCOMPLETE_FRAME', 'the stream ended in the middle of a frame'],
    [IdleTimeoutError, 'ERR_IDLE_TIMEOUT', 'no byte received or sent within the idle timeout'],
  ])('C8: %p has code %s, its own name, is an RxnetError, and without a message still says what happened', (Class, code, defaultMessage) => {
    const error = new Class('message');
    expect(error.code).toBe(code);
    expect(error.name).toBe(Class.name);
    expect(error.message).toBe('message');
    expect(error).toBeInstanceOf(RxnetError);
    expect(error).toBeInstanceOf(Error);
    const cause = new Error('below');
    expect(new Class().message).toBe(defaultMessage);
    expect(new Class(undefined, { cause }).cause).toBe(cause);
  });

  it('C4: BrokenResourceError keeps the Node error as cause', () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(new BrokenResourceError('broken', { cause }).cause).toBe(cause);
  });
});
