import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ringBuffer';

describe('RingBuffer', () => {
  it('keeps the newest entries and counts what it dropped', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 0; i < 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([2, 3, 4]);
    expect(ring.dropped).toBe(2);
    expect(ring.pushed).toBe(5);
    expect(ring.firstIndex).toBe(2);
    expect(ring.atAbsolute(1)).toBeUndefined();
    expect(ring.atAbsolute(3)).toBe(3);
    expect(ring.last()).toBe(4);
    expect(ring.at(3)).toBeUndefined();
  });

  it('caps by bytes as well as by count', () => {
    const ring = new RingBuffer<string>(100, { maxBytes: 10, sizeOf: (s) => s.length });
    ring.push('aaaa');
    ring.push('bbbb');
    ring.push('cccc');
    expect(ring.toArray()).toEqual(['bbbb', 'cccc']);
    expect(ring.byteSize).toBe(8);
    expect(ring.dropped).toBe(1);
  });

  it('keeps one entry even when it alone is over the byte cap', () => {
    const ring = new RingBuffer<string>(10, { maxBytes: 3, sizeOf: (s) => s.length });
    ring.push('abcdef');
    expect(ring.length).toBe(1);
  });

  it('resizes keeping the newest, absolute indexes unchanged', () => {
    const ring = new RingBuffer<number>(5);
    for (let i = 0; i < 5; i++) ring.push(i);
    ring.resize(2);
    expect(ring.toArray()).toEqual([3, 4]);
    expect(ring.dropped).toBe(3);
    expect(ring.atAbsolute(4)).toBe(4);
    ring.resize(4);
    ring.push(5);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.atAbsolute(5)).toBe(5);
  });

  it('clears without counting drops, and indexes go on', () => {
    const ring = new RingBuffer<number>(3);
    ring.push(1);
    ring.push(2);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.dropped).toBe(0);
    ring.push(3);
    expect(ring.firstIndex).toBe(2);
    expect(ring.atAbsolute(2)).toBe(3);
  });

  it('rejects a capacity below 1', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('RingBuffer iteration', () => {
  it('iterates what it holds, oldest first, after wrapping', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 0; i < 5; i++) ring.push(i);
    expect([...ring]).toEqual([2, 3, 4]);
    expect([...ring]).toEqual(ring.toArray());
  });
});
