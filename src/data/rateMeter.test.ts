import { describe, expect, it } from 'vitest';
import { RateMeter } from './rateMeter';

describe('RateMeter', () => {
  it('averages over the window, and forgets', () => {
    const meter = new RateMeter(2);
    expect(meter.sample('a', 0, 0, 0)).toBeNull();
    expect(meter.sample('a', 1_000, 100, 1_000)).toEqual({ msgPerSec: 100, bytesPerSec: 1_000 });
    expect(meter.sample('a', 2_000, 300, 3_000)).toEqual({ msgPerSec: 150, bytesPerSec: 1_500 });
    // the window slides: the sample at 0 is gone
    expect(meter.sample('a', 3_000, 300, 3_000)).toEqual({ msgPerSec: 100, bytesPerSec: 1_000 });
    expect(meter.sample('b', 3_000, 5, 5)).toBeNull();
    meter.forget('a');
    expect(meter.sample('a', 4_000, 400, 4_000)).toBeNull();
  });
});
