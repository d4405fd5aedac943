// The clock benchmark's smoke size (test/bench/clockBench.ts, what `npm run bench clock` runs at
// 100 spaces / 50k records): every space and record swept, follow-ups appended, none the second time.
import assert from 'node:assert/strict';
import { CLOCK_SMOKE, runClockBench } from '../../bench/clockBench';

describe('the clock benchmark, smoke size', () => {
  it('sweeps every space and record of the data folder once, and appends nothing on the second sweep', async function () {
    this.timeout(60_000);
    const result = await runClockBench(CLOCK_SMOKE);
    assert.equal(result.spaces, CLOCK_SMOKE.spaces);
    assert.equal(result.records, CLOCK_SMOKE.records);
    assert.ok(result.appended > 0, 'records sent days ago are reminded or escalated');
  });
});
