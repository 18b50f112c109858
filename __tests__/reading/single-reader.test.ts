/**
 * The one-pending-read base of every readable state (C5, C6), through the smallest subclass: a
 * box holding at most one value, polled with the argument of the read.
 */
import { firstValueFrom } from 'rxjs';
import { BusyResourceError } from '../../src';
import { PENDING, SingleReader, type Outcome } from '../../src/reading/single-reader';

class Box extends SingleReader {
  value: string | Error | undefined;
  polls = 0;

  put(value: string | Error): void {
    this.value = value;
    this.wake();
  }

  read(suffix: string, signal?: AbortSignal): Promise<string> {
    return this.readWith(this.#take, suffix, signal);
  }

  read$(suffix: string) {
    return this.readWith$(this.#take, suffix);
  }

  #take(suffix: string): Outcome<string> {
    this.polls++;
    const value = this.value;
    if (value === undefined) return PENDING;
    this.value = undefined;
    return value instanceof Error ? value : value + suffix;
  }
}

describe('SingleReader', () => {
  it('answers at once when the poll can, with the read argument passed to it', async () => {
    const box = new Box();
    box.put('a');
    await expect(box.read('!')).resolves.toBe('a!');
  });

  it('a waiting promise read is settled by wake(), and an error outcome rejects it', async () => {
    const box = new Box();
    const first = box.read('1');
    box.put('x');
    await expect(first).resolves.toBe('x1');
    const second = box.read('2');
    box.put(new Error('gone'));
    await expect(second).rejects.toThrow('gone');
  });

  it('C5: a second read while one waits rejects BusyResourceError, promise or Observable', async () => {
    const box = new Box();
    const waiting = box.read('');
    await expect(box.read('')).rejects.toBeInstanceOf(BusyResourceError);
    await expect(firstValueFrom(box.read$(''))).rejects.toBeInstanceOf(BusyResourceError);
    box.put('still mine');
    await expect(waiting).resolves.toBe('still mine');
  });

  it('C6: aborting a waiting read rejects with the reason and takes nothing; the next read gets the value', async () => {
    const box = new Box();
    const controller = new AbortController();
    const aborted = box.read('', controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    const polls = box.polls;
    box.put('kept');
    expect(box.polls).toBe(polls); // nobody polled: the aborted read is gone
    await expect(box.read('')).resolves.toBe('kept');
  });

  it('C6: a settled read forgets its signal, so aborting it later changes nothing', async () => {
    const box = new Box();
    const controller = new AbortController();
    const read = box.read('', controller.signal);
    box.put('done');
    await expect(read).resolves.toBe('done');
    // A listener left behind would reject whichever read waits when the old signal fires.
    const next = box.read('');
    controller.abort(new Error('late'));
    box.put('next');
    await expect(next).resolves.toBe('next');
  });

  it('C6: one signal shared by consecutive reads aborts the read waiting when it fires, once', async () => {
    const box = new Box();
    const controller = new AbortController();
    const first = box.read('', controller.signal);
    box.put('one');
    await expect(first).resolves.toBe('one');
    const second = box.read('', controller.signal);
    controller.abort(new Error('stop'));
    await expect(second).rejects.toThrow('stop');
    box.put('kept');
    await expect(box.read('')).resolves.toBe('kept');
  });

  it('C6: unsubscribing a waiting read$ takes nothing', async () => {
    const box = new Box();
    const seen: string[] = [];
    box.read$('').subscribe((value) => seen.push(value)).unsubscribe();
    box.put('kept');
    expect(seen).toEqual([]);
    await expect(box.read('')).resolves.toBe('kept');
  });
});
