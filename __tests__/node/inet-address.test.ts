/** Addresses at the edge of a dual-stack UDP socket: shown plain, sent mapped; validated before any I/O. */
import { checkInetAddress, destinationHost, peerAddress } from '../../src/node/inet-address';

describe('inet addresses', () => {
  it('unwraps IPv4-mapped IPv6 peers and leaves real IPv6 alone', () => {
    expect(peerAddress('::ffff:127.0.0.1', 5)).toEqual({ host: '127.0.0.1', port: 5 });
    expect(peerAddress('::1', 5)).toEqual({ host: '::1', port: 5 });
    expect(peerAddress('::ffff:abcd', 5)).toEqual({ host: '::ffff:abcd', port: 5 });
  });

  it('maps IPv4 destinations only for IPv6 sockets', () => {
    expect(destinationHost('udp6', '10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(destinationHost('udp6', '::1')).toBe('::1');
    expect(destinationHost('udp4', '10.0.0.1')).toBe('10.0.0.1');
  });

  it('C8: accepts { IP literal, port 1..65535 } only', () => {
    expect(() => checkInetAddress({ host: '::1', port: 1 }, 'a')).not.toThrow();
    expect(() => checkInetAddress({ host: 'example.com', port: 1 }, 'a')).toThrow(TypeError);
    expect(() => checkInetAddress({ host: '127.0.0.1', port: 0 }, 'a')).toThrow(RangeError);
    expect(() => checkInetAddress('127.0.0.1:80', 'a')).toThrow(TypeError);
  });
});
