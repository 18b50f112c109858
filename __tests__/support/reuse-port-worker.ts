/**
 * A child process for the reusePort tests: binds a UDP listener on 127.0.0.1:<port> with
 * reusePort, reports its port over IPC, and answers every datagram with its pid.
 */
import { listenUdp, SocketAttribute, type InetAddress } from '../../src';

async function main(): Promise<void> {
  const listener = await listenUdp({ host: '127.0.0.1', port: Number(process.argv[2]), reusePort: true });
  listener.serve((_datagram, from) => listener.sendTo(Buffer.from(String(process.pid)), from)).subscribe();
  process.send?.((listener.extra(SocketAttribute.localAddress) as InetAddress).port);
  process.once('disconnect', () => void listener.aclose().then(() => process.exit(0)));
}

void main();
