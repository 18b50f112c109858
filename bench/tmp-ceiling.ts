import * as net from 'node:net';
import * as tls from 'node:tls';
import { Duplex } from 'node:stream';
import { createTestCertificates } from '../examples/certificates';
import '../src';
// Raw Node TLS over a JS Duplex that forwards to a TCP socket: Node's JSStreamSocket path.
function jsWrap(socket: net.Socket): Duplex {
  const d = new Duplex({
    read() { socket.resume(); },
    write(chunk, _e, cb) { socket.write(chunk, cb); },
    final(cb) { socket.end(); cb(); },
  });
  socket.on('data', (c) => { if (!d.push(c)) socket.pause(); });
  socket.on('end', () => d.push(null));
  return d;
}
async function main() {
  const viaJs = process.argv[2] === 'js';
  const total = 256 * 1024 * 1024;
  const certs = createTestCertificates();
  let resolveGot: (n: number) => void = () => undefined;
  const received = new Promise<number>((r) => (resolveGot = r));
  const ctx = tls.createSecureContext({ key: certs.server.key, cert: certs.server.cert });
  const tcp = net.createServer((s) => {
    const t = new tls.TLSSocket(viaJs ? jsWrap(s) : s, { isServer: true, secureContext: ctx });
    let got = 0;
    t.on('data', (d: Buffer) => { got += d.length; if (got === total) resolveGot(got); });
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const raw = net.connect((tcp.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((r) => raw.once('connect', r));
  const client = tls.connect({ socket: viaJs ? jsWrap(raw) : raw, servername: 'localhost', ca: certs.ca });
  await new Promise<void>((r) => client.once('secureConnect', r));
  const chunk = Buffer.alloc(65536, 1);
  const start = process.hrtime.bigint();
  for (let sent = 0; sent < total; sent += 65536) if (!client.write(chunk)) await new Promise((r) => client.once('drain', r));
  await received;
  console.log(process.argv[2], (total / 1e6 / (Number(process.hrtime.bigint() - start) / 1e9)).toFixed(0), 'MB/s');
  process.exit(0);
}
main();
