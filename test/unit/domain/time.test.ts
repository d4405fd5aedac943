// The time module: storage months stay exactly what shelf and bucket names have always carried
// (UTC+8 for shelves, the text of createdAt for buckets), and display months follow the team's zone.
import assert from 'node:assert/strict';
import {
  bucketMonthOf,
  displayDate,
  displayMonth,
  displayMonthRange,
  displayMonthsOf,
  displayTime,
  parseDisplayTime,
  parseMonth,
  shiftMonth,
  storageMonth,
  storageMonthRange,
  storageMonthsOf,
} from '../../../src/domain/time';
import { monthOf as shelfMonthOf } from '../../../src/store/shelves';

describe('time: storage months and display months', () => {
  it('keeps the storage month of shelves at UTC+8, whatever the zone', () => {
    // 2026-05-31 16:30 UTC is 2026-06-01 00:30 in China: the June shelf.
    assert.equal(storageMonth('2026-05-31T16:30:00.000Z'), '2026-06');
    assert.equal(storageMonth('2026-05-31T15:59:59.999Z'), '2026-05');
    assert.equal(shelfMonthOf('2026-05-31T16:30:00.000Z'), '2026-06', 'shelf names use the same month');
    assert.equal(storageMonth('not a date'), undefined);
    const june = storageMonthRange('2026-06');
    assert.equal(new Date(june.start).toISOString(), '2026-05-31T16:00:00.000Z');
    assert.equal(new Date(june.end).toISOString(), '2026-06-30T16:00:00.000Z');
  });

  it("keeps a bucket's month the first seven characters of createdAt, else the UTC month of now", () => {
    assert.equal(bucketMonthOf('2026-05-31T23:59:00.000Z', new Date('2030-01-01T00:00:00Z')), '2026-05');
    assert.equal(bucketMonthOf('yesterday', new Date('2026-06-30T20:00:00Z')), '2026-06');
  });

  it("reads display months, dates and times on the team's zone", () => {
    const instant = '2026-06-01T03:30:00.000Z'; // 23:30 on 31 May in New York, 11:30 on 1 June in Shanghai
    assert.equal(displayMonth(instant, 'America/New_York'), '2026-05');
    assert.equal(displayMonth(instant, 'Asia/Shanghai'), '2026-06');
    assert.equal(displayDate(instant, 'America/New_York'), '2026-05-31');
    assert.equal(displayTime(instant, 'America/New_York'), '2026-05-31 23:30');
    assert.equal(displayTime('garbage', 'UTC'), 'garbage');
    assert.equal(parseDisplayTime('2026-05-31 23:30', 'America/New_York')?.toISOString(), instant);
    const may = displayMonthRange('2026-05', 'America/New_York');
    assert.equal(new Date(may.start).toISOString(), '2026-05-01T04:00:00.000Z');
    assert.equal(new Date(may.end).toISOString(), '2026-06-01T04:00:00.000Z');
    assert.deepEqual(parseMonth('2026-13'), { error: '"2026-13" is not a month: write YYYY-MM, e.g. 2026-05' });
    assert.equal(shiftMonth('2026-01', -1), '2025-12');
  });

  it('names the shelves that may hold a display month, and the display months a shelf may hold', () => {
    assert.deepEqual(storageMonthsOf('2026-05', 'Asia/Shanghai'), ['2026-05']);
    assert.deepEqual(displayMonthsOf('2026-05', 'Asia/Shanghai'), ['2026-05']);
    // New York is 12 hours behind: the end of its May is on the June shelf.
    assert.deepEqual(storageMonthsOf('2026-05', 'America/New_York'), ['2026-05', '2026-06']);
    assert.deepEqual(displayMonthsOf('2026-06', 'America/New_York'), ['2026-05', '2026-06']);
    // Kiritimati is 6 hours ahead: the start of its May is on the April shelf.
    assert.deepEqual(storageMonthsOf('2026-05', 'Pacific/Kiritimati'), ['2026-04', '2026-05']);
  });
});
