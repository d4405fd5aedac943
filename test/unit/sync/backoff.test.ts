import assert from 'node:assert/strict';
import { backoffDelay } from '../../../src/sync/backoff';

describe('backoffDelay', () => {
  const options = { baseMs: 200, maxMs: 5000 };

  it('doubles the ceiling each attempt up to the maximum', () => {
    const highest = (attempt: number): number => backoffDelay(attempt, options, () => 0.999999);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map(highest), [200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });

  it('waits at least half the ceiling, never zero, and spreads the rest by the random draw', () => {
    const delay = (attempt: number, draw: number): number => backoffDelay(attempt, options, () => draw);
    assert.deepEqual([delay(1, 0), delay(3, 0), delay(3, 0.5), delay(10, 0)], [100, 400, 600, 2500]);
  });

  it('gives clients that failed together different delays', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, options, random)));
    assert.ok(delays.size > 40, `only ${delays.size} distinct delays`);
    for (const delay of delays) assert.ok(delay >= 1600 && delay <= 3200);
  });

  it('treats attempt 0 or less like the first', () => {
    assert.equal(
      backoffDelay(0, options, () => 0),
      100,
    );
    assert.equal(
      backoffDelay(-3, options, () => 0),
      100,
    );
  });
});
