import { describe, expect, it } from 'vitest';
import { hexDump } from './hexDump';

describe('hexDump', () => {
  it('shows offset, hex and printable ASCII', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('Hello, MQTT!'), 0x00, 0xff, 0x7f, 0x41, 0x42]);
    const [first, second] = hexDump(bytes).split('\n');
    expect(first).toBe('00000000  48 65 6c 6c 6f 2c 20 4d  51 54 54 21 00 ff 7f 41  |Hello, MQTT!...A|');
    expect(second).toBe(`00000010  42 ${' '.repeat(46)} |B|`);
    expect(second?.indexOf('|')).toBe(first?.indexOf('|')); // columns line up
  });
});
