/**
 * record over real sockets: the wrapper keeps the transport contract (the contract suites run
 * through it) and notes what the code under test saw and did, timed, as a version-1 recording (F6).
 */
import { BrokenResourceError, SocketAttribute } from '../../src';
import { parseRecording, record, type RecordedData } from '../../src/testing';
import { readToEof } from '../support/bytes';
import { udp4Kind, type DatagramKind } from '../support/datagram-pairs';
import { describeDatagramContract } from '../support/datagram-contract';
import { tcpKind, type StreamKind } from '../support/pairs';
import { checkResources, own } from '../support/resources';
import { describeStreamContract } from '../support/stream-contract';

checkResources();

const recordedTcp: StreamKind = {
  ...tcpKind,
  name: 'TCP through record',
  async open(options) {
    const { a, b } = await tcpKind.open(options);
    return { a: own(record(a)), b: own(record(b)) };
  },
};

const recordedUdp: DatagramKind = {
  name: 'UDP through record',
  async open(options) {
    const { a, b } = await udp4Kind.open(options);
    return { a: own(record(a)), b: own(record(b)) };
  },
};

describeStreamContract(recordedTcp);
describeDatagramContract(recordedUdp);

describe('record', () => {
  it('F6: notes each read, each send, EOF and the close, in order, with non-decreasing times after start', async () => {
    let now = 100;
    const { a, b } = await tcpKind.open();
    const t = own(record(a, { clock: () => (now += 1), origin: 50 }));
    await t.sendAll(Buffer.from('hello\n'));
    await t.sendAllFromIterable([Buffer.from('one '), Buffer.from('call\n')]);
    await b.sendAll(Buffer.from('hi back\n'));
    await b.sendEof();
    expect((await readToEof(t)).toString()).toBe('hi back\n');
    await t.recv(10); // EOF again: noted once
    await t.aclose();
    const recording = t.recording();
    expect(recording).toMatchObject({ format: 'rxnet-recording', version: 1, kind: 'stream', start: 51 });
    expect(recording.events.map((event) => event.type)).toEqual(['sent', 'sent', 'received', 'received-eof', 'closed']);
    expect(recording.events.map((event) => event.t)).toEqual([1, 2, 3, 4, 5]);
    expect((recording.events[1] as RecordedData).data).toBe('one call\n');
    expect(parseRecording(JSON.parse(JSON.stringify(recording)))).toEqual(recording);
  });

  it('F6: bytes that are not UTF-8 are kept exactly, as base64; recv(0) and sends after close are not events', async () => {
    const { a } = await tcpKind.open();
    const t = own(record(a));
    const binary = Buffer.from([0xff, 0x00, 0xfe, 0x80]);
    await t.sendAll(binary);
    await t.recv(0);
    await t.aclose();
    await t.sendAll(Buffer.from('late')).catch(() => undefined);
    const [sent, closed, ...rest] = t.recording().events;
    expect(sent).toMatchObject({ type: 'sent', encoding: 'base64', data: binary.toString('base64') });
    expect(closed.type).toBe('closed');
    expect(rest).toEqual([]);
  });

  it("F6: a peer's reset is noted as received-error with Node's code", async () => {
    const { a, b } = await tcpKind.open();
    const t = own(record(a));
    tcpKind.breakPeer(b);
    await expect(readToEof(t)).rejects.toBeInstanceOf(BrokenResourceError);
    const events = t.recording().events;
    expect(events.map((event) => event.type)).toEqual(['received-error']);
    expect(events[0]).toMatchObject({ error: { name: 'BrokenResourceError' } });
  });

  it("F6: datagrams are noted one by one, empty ones too; attributes are the inner transport's", async () => {
    const { a, b } = await udp4Kind.open();
    const t = own(record(a));
    await b.send(Buffer.from('ping'));
    await b.send(Buffer.alloc(0));
    expect((await t.recv()).toString()).toBe('ping');
    expect((await t.recv()).length).toBe(0);
    await t.send(Buffer.from('pong'));
    expect(t.recording().events.map((event) => [event.type, (event as RecordedData).data])).toEqual([
      ['received', 'ping'],
      ['received', ''],
      ['sent', 'pong'],
    ]);
    expect(t.extra(SocketAttribute.localAddress)).toEqual(a.extra(SocketAttribute.localAddress));
  });

  it('F1: anything but a transport, or a bad clock or origin, throws TypeError at once', async () => {
    const { a } = await tcpKind.open();
    expect(() => record({} as never)).toThrow(TypeError);
    expect(() => record(a, { clock: 5 as unknown as () => number })).toThrow(TypeError);
    expect(() => record(a, { origin: Number.NaN })).toThrow(TypeError);
  });
});
