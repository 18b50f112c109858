/** Byte helpers shared by the suites: deterministic data and read loops. */
import { createCipheriv } from 'node:crypto';
import type { AsyncStreamReadTransport } from '../../src';

/** A deterministic pseudo-random generator (mulberry32), so a failing run can be replayed: the fault kit's own. */
export { seededRandom as prng } from '../../src/testing/seeded-random';

/**
 * `size` deterministic, non-repeating bytes: the AES-CTR keystream of a key made from `seed`
 * (native, so megabytes cost milliseconds; no period that could hide reordered chunks).
 */
export function patternBytes(size: number, seed = 1): Buffer {
  const key = Buffer.alloc(16);
  key.writeUInt32BE(seed >>> 0);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

/** Reads until EOF; every non-final recv must be non-empty (S1). */
export async function readToEof(transport: AsyncStreamReadTransport, bufsize = 65536): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = await transport.recv(bufsize);
    if (chunk.length === 0) return Buffer.concat(chunks);
    chunks.push(chunk);
  }
}

/** Reads exactly `size` bytes, failing on an early EOF. */
export async function readExactly(transport: AsyncStreamReadTransport, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let got = 0;
  while (got < size) {
    const chunk = await transport.recv(size - got);
    if (chunk.length === 0) throw new Error(`EOF after ${got} of ${size} bytes`);
    chunks.push(chunk);
    got += chunk.length;
  }
  return Buffer.concat(chunks);
}
