/**
 * `recordingToMarbles`: a recording as the two marble diagrams a person reads, one per direction,
 * for a test written by hand from a real session (`cold(received.marbles, received.values)`).
 * One frame is one ms, as in `TestScheduler.run`; times are rounded to the frame. A diagram
 * spends a frame per character, so when events crowd closer than their characters allow, the
 * later ones move right by the difference: the JSON is the exact record, and `replay` plays it.
 */
import { dataOf, errorOf, type RecordedEvent, type Recording } from './recording';

/** One direction of a recording as a marble diagram in `TestScheduler.run` syntax. */
export interface MarbleDiagram {
  /** The diagram: `-` and ` Nms ` for time, one symbol per value, `|` EOF, `#` error. */
  readonly marbles: string;
  /** The value of each symbol: text where the bytes are UTF-8, else a Buffer. */
  readonly values: Record<string, string | Buffer>;
  /** The value of `#`, if the direction ended in an error. */
  readonly error?: Error;
}

/** Both directions of a recording as marble diagrams. */
export interface RecordingMarbles {
  /** What the transport received: the recorded peer. */
  readonly received: MarbleDiagram;
  /** What the code under test sent. */
  readonly sent: MarbleDiagram;
}

/**
 * The symbols a diagram may use, in order: none has a meaning in marble syntax, and no digit,
 * which `TestScheduler.run` could read as the start of a time progression (`5m ` is 5 minutes).
 */
const SYMBOLS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];

function symbolAt(index: number): string {
  // Past the 52 ASCII letters, Latin-1 and then further BMP characters: one UTF-16 unit each.
  return index < SYMBOLS.length ? SYMBOLS[index] : String.fromCharCode(0xc0 + index - SYMBOLS.length);
}

/**
 * The received and sent sides of `recording` as marble diagrams. Equal payloads share one symbol.
 * A stream's `received-eof` and `sent-eof` become `|`, a `received-error` `#`; `closed` ends
 * nothing in the diagram (the code under test closes by itself when replayed).
 */
export function recordingToMarbles(recording: Recording): RecordingMarbles {
  return {
    received: diagram(recording.events.filter((e) => e.type === 'received' || e.type === 'received-eof' || e.type === 'received-error')),
    sent: diagram(recording.events.filter((e) => e.type === 'sent' || e.type === 'sent-eof')),
  };
}

function diagram(events: readonly RecordedEvent[]): MarbleDiagram {
  const values: Record<string, string | Buffer> = {};
  const symbolOf = new Map<string, string>();
  let error: Error | undefined;
  // Group what falls in one frame; a terminal event ends the diagram.
  const frames: { frame: number; tokens: string[] }[] = [];
  for (const event of events) {
    let token: string;
    if (event.type === 'received' || event.type === 'sent') {
      const key = `${event.encoding}:${event.data}`;
      let symbol = symbolOf.get(key);
      if (symbol === undefined) {
        symbol = symbolAt(symbolOf.size);
        symbolOf.set(key, symbol);
        values[symbol] = event.encoding === 'utf8' ? event.data : dataOf(event);
      }
      token = symbol;
    } else if (event.type === 'received-error') {
      error = errorOf(event);
      token = '#';
    } else {
      token = '|';
    }
    const frame = Math.round(event.t);
    const last = frames.at(-1);
    if (last?.frame === frame) last.tokens.push(token);
    else frames.push({ frame, tokens: [token] });
    if (token === '|' || token === '#') break;
  }
  let marbles = '';
  let position = 0;
  for (const { frame, tokens } of frames) {
    const gap = Math.max(0, frame - position);
    marbles += gap === 0 ? '' : gap < 10 ? '-'.repeat(gap) : `${marbles === '' ? '' : ' '}${gap}ms `;
    marbles += tokens.length === 1 ? tokens[0] : `(${tokens.join('')})`;
    position += gap + (tokens.length === 1 ? 1 : tokens.length + 2);
  }
  return error === undefined ? { marbles, values } : { marbles, values, error };
}
