/**
 * What `sentMatchesRecording` fails with: where the code under test first departed from the
 * recording, and both sides there, so the message alone locates the regression.
 */

/** The code under test sent something other than what was recorded (`code` `'ERR_RECORDING_MISMATCH'`). */
export class RecordingMismatchError extends Error {
  /** Always `'ERR_RECORDING_MISMATCH'`. */
  readonly code = 'ERR_RECORDING_MISMATCH';

  /**
   * @param index the byte offset (streams compared exactly) or the frame/datagram index where they differ
   * @param expected what the recording has there (undefined: the code sent more than was recorded)
   * @param actual what the code sent there (undefined: the code stopped short)
   */
  constructor(
    message: string,
    readonly index: number,
    readonly expected: unknown,
    readonly actual: unknown,
  ) {
    super(message);
    this.name = 'RecordingMismatchError';
  }
}
