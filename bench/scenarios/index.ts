/** Every scenario, in the order the table prints them. */
import type { Scenario } from '../scenario';
import { acceptRate } from './accept-rate';
import { acceptRateFloor } from './accept-rate-floor';
import { idleMemory } from './idle-memory';
import { idleMemoryFloor } from './idle-memory-floor';
import { sendIterable } from './send-iterable';
import { slowReader } from './slow-reader';
import { tcpBulk } from './tcp-bulk';
import { tcpEcho } from './tcp-echo';
import { tcpEchoObservable } from './tcp-echo-observable';
import { tcpPingPong } from './tcp-pingpong';
import { tcpPingPongFloor } from './tcp-pingpong-floor';
import { tlsBulk, tlsBulkNative } from './tls-bulk';
import { tlsBulkDuplex } from './tls-bulk-duplex';
import { tlsMemory } from './tls-memory';
import { udpObservable } from './udp-observable';
import { udpPingPong } from './udp-pingpong';
import { udpPingPongFloor } from './udp-pingpong-floor';

export const scenarios: Record<string, Scenario> = {
  'tcp-bulk': tcpBulk,
  'tcp-pingpong': tcpPingPong,
  'tcp-pingpong-floor': tcpPingPongFloor,
  'tcp-echo': tcpEcho,
  'udp-pingpong': udpPingPong,
  'udp-pingpong-floor': udpPingPongFloor,
  'tcp-echo-observable': tcpEchoObservable,
  'udp-observable': udpObservable,
  'tls-bulk': tlsBulk,
  'tls-bulk-duplex': tlsBulkDuplex,
  'tls-bulk-native': tlsBulkNative,
  'accept-rate': acceptRate,
  'accept-rate-floor': acceptRateFloor,
  'idle-memory': idleMemory,
  'idle-memory-floor': idleMemoryFloor,
  'slow-reader': slowReader,
  'tls-memory': tlsMemory,
  'send-iterable': sendIterable,
};
