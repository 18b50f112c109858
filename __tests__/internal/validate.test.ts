/** C8: argument checks name the argument and pick TypeError for the wrong type, RangeError for the wrong value. */
import { asBuffer, checkBytes, checkPort, checkPositive, checkSize } from '../../src/internal/validate';

describe('argument checks', () => {
  it('checkSize: non-negative safe integers only', () => {
    expect(() => checkSize(0, 'n')).not.toThrow();
    expect(() => checkSize(-1, 'n')).toThrow(RangeError);
    expect(() => checkSize(1.5, 'n')).toThrow(RangeError);
    expect(() => checkSize(2 ** 53, 'n')).toThrow(RangeError);
    expect(() => checkSize(NaN, 'n')).toThrow(RangeError);
    expect(() => checkSize('8', 'bufsize')).toThrow(/bufsize must be a number/);
    expect(() => checkPositive(0, 'n')).toThrow(RangeError);
  });

  it('checkPort: 0..65535 (or 1.. when 0 is not allowed)', () => {
    expect(() => checkPort(0, 'port', true)).not.toThrow();
    expect(() => checkPort(0, 'port', false)).toThrow(RangeError);
    expect(() => checkPort(70000, 'port', false)).toThrow(RangeError);
    expect(() => checkPort('80', 'port', false)).toThrow(TypeError);
  });

  it('checkBytes accepts every ArrayBufferView; asBuffer shares memory without copying', () => {
    expect(() => checkBytes('text', 'data')).toThrow(/data must be an ArrayBufferView.*string/);
    expect(() => checkBytes(new ArrayBuffer(4), 'data')).toThrow(TypeError);
    const u16 = new Uint16Array([1, 2, 3]);
    const view = asBuffer(new Uint16Array(u16.buffer, 2, 2));
    expect(view.length).toBe(4);
    u16[1] = 0xffff;
    expect(view[0]).toBe(0xff);
  });
});
