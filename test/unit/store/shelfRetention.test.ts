// Retention over a space's documents: which archive shelves planning must open, one plan over
// records read from several documents, and the purge grouped by the document holding each record.
import { strict as assert } from 'node:assert';
import { DEFAULT_RETENTION, planPurge } from '../../../src/domain/retention';
import type { RetentionPolicy } from '../../../src/domain/retention';
import { planAcrossDocuments, purgeGroups, shelfMayHoldExpired } from '../../../src/store/shelfRetention';
import { retentionRecord } from '../domain/retentionFixtures';

describe('retention over archive shelves', () => {
  it('opens a shelf only when its month plus the shortest keep has passed, never skipping one that holds an expired record', () => {
    const now = new Date('2027-06-01T00:00:00.000Z');
    // Archived at the very start of December 2026 (UTC+8): expired at 2027-06-01 00:00 +08:00, before `now`.
    const first = retentionRecord('R-first', 'internal-message', '2026-11-30T16:00:00.000Z');
    assert.equal(planPurge([first], DEFAULT_RETENTION, now).expired.length, 1);
    assert.equal(shelfMayHoldExpired(DEFAULT_RETENTION, '2026-12', now), true);
    assert.equal(shelfMayHoldExpired(DEFAULT_RETENTION, '2027-01', now), false, 'nothing archived in January has had 6 months');
    assert.equal(shelfMayHoldExpired(DEFAULT_RETENTION, '2020-01', now), true);
    const days: RetentionPolicy = {
      ...DEFAULT_RETENTION,
      rules: [{ id: 'short', kinds: ['internal-message'], keep: { count: 3, unit: 'day', text: '3 days' } }],
    };
    assert.equal(shelfMayHoldExpired(days, '2027-05', now), true);
    assert.equal(shelfMayHoldExpired(days, '2027-06', now), false);
    const forever: RetentionPolicy = { ...DEFAULT_RETENTION, rules: [{ id: 'all', keep: 'forever' }] };
    assert.equal(shelfMayHoldExpired(forever, '2000-01', now), false, 'a policy that keeps everything opens no shelf');
  });

  it('plans a record found in two documents once and purges it from both; groups run active document first, then shelves by month', () => {
    const old = (id: string): ReturnType<typeof retentionRecord> => retentionRecord(id, 'internal-message', '2024-05-01T00:00:00.000Z');
    const plan = planAcrossDocuments(
      [
        { document: 'internal', records: [old('R-active'), old('R-both'), retentionRecord('R-open', 'internal-message')] },
        { document: 'internal.archive.2024-06', records: [old('R-june')] },
        { document: 'internal.archive.2024-05', records: [old('R-both'), old('R-may')] },
      ],
      DEFAULT_RETENTION,
      new Date('2027-06-01T00:00:00.000Z'),
    );
    assert.deepEqual(plan.expired.map((candidate) => candidate.id).sort(), ['R-active', 'R-both', 'R-june', 'R-may']);
    assert.equal(plan.kept, 1);
    assert.deepEqual(
      purgeGroups(plan).map(
        (group) =>
          `${group.document}${group.shelf ? ' (shelf)' : ''}: ${group.candidates
            .map((candidate) => candidate.id)
            .sort()
            .join(',')}`,
      ),
      ['internal: R-active,R-both', 'internal.archive.2024-05 (shelf): R-both,R-may', 'internal.archive.2024-06 (shelf): R-june'],
    );
  });
});
