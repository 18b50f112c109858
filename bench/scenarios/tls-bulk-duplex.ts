/**
 * TLS bulk against the ceiling of Node's TLS over a JS stream: the same rxnet transfer as
 * `tls-bulk` (default mode: Node's TLS over a Duplex of the inner transport, which T2 and T4
 * need), against `tls` over a plain Duplex that only forwards to and from a `net.Socket`. The
 * ratio is rxnet's own cost; `tls-bulk`'s is that plus the JS-stream ceiling.
 */
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { createTestCertificates } from '../../examples/certificates';
import { transferRate, writeWithDrain } from '../one-way';
import { rxnet } from './tls-bulk';
import { atLeast, type Scenario } from '../scenario';

/** The least a JS stream under TLS can be: bytes forwarded both ways, with flow control. */
class Forwarding extends Duplex {
  constructor(private readonly socket: net.Socket) {
    super();
    socket.on('data', (data: Buffer) => {
      if (!this.push(data)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, callback);
  }

  override _final(callback: () => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}

async function raw(total: number): Promise<number> {
  const certs = createTestCertificates();
  const secureContext = tls.createSecureContext({ key: certs.server.key, cert: certs.server.cert });
  let resolveGot: (n: number) => void = () => undefined;
  const received = new Promise<number>((resolve) => (resolveGot = resolve));
  const server = net.createServer({ noDelay: true }, (socket) => {
    const secure = new tls.TLSSocket(new Forwarding(socket), { isServer: true, secureContext });
    let got = 0;
    secure.on('data', (data: Buffer) => {
      got += data.length;
      if (got === total) resolveGot(got);
    });
    secure.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const client = tls.connect({ socket: new Forwarding(socket), servername: 'localhost', ca: certs.ca });
  await new Promise<void>((resolve) => client.once('secureConnect', resolve));
  const rate = await transferRate(total, () => writeWithDrain(client, total), received);
  client.destroy();
  server.close();
  return rate;
}

export const tlsBulkDuplex: Scenario = {
  name: 'TLS bulk (connectTls/listenTls vs tls over a forwarding Duplex)',
  unit: 'MB/s',
  labels: { raw: 'tls/Duplex', rxnet: 'rxnet' },
  target: atLeast(0.95),
  run: (side, quick) => (side === 'raw' ? raw : rxnet)((quick ? 32 : 256) * 1024 * 1024),
};
