// The monthly report's figures against the fixture of reportFixture.ts, computed by hand.
// Calendar: UTC, Mon–Fri 09:00–17:00. 2026-05-01 is a Friday, 05-04 a Monday, 05-09 a Saturday.
// Rules: urgent 30 min wall; internal-notice 2 working hours; knowledge-entry none; else 4 working hours.
//
// Responses due in May 2026 (cut-off 2026-06-01 00:00, `now` being later):
//   R1 李明  sent Mon 05-04 09:00, due 13:00 (4 h), accepted 10:00  → on time,  60 min   研发部  message  high
//   R1 张伟  same due 13:00, declined 15:00                          → late,    360 min   研发部  message  high
//   R2 李明  sent Tue 05-05 16:00, due Wed 12:00 (1 h + 3 h), accepted Wed 11:00
//                                                                    → on time, 1140 min  研发部  external medium
//   R3 张伟  sent Sat 05-09 10:00, urgent: due 10:30 wall, accepted 10:20 → on time, 20 min 研发部 external urgent
//   R4 李明  sent Thu 05-14 16:00, due Fri 10:00 (1 h + 1 h), confirmed 16:30 → on time, 30 min 研发部 notice medium
//   R4 陈静  same due, never confirmed                               → missed            客户成功部 notice medium
//   R6 赵强  sent Thu 04-30 16:00, due Fri 05-01 12:00 (1 h + 3 h), accepted 13:00
//                                                                    → late,   1260 min   运维部  message  medium
//   Not in May: R5 (sent Fri 05-29 15:00, due Mon 06-01 11:00), R7 (knowledge: no response),
//   R8 (sent time "not a time": skipped), R9–R11 (due in April).
import assert from 'node:assert/strict';
import { WorkCalendar } from '../../../src/domain/calendar';
import { Directory } from '../../../src/domain/directory';
import type { ResponsePolicy } from '../../../src/domain/policy';
import { parsePolicy } from '../../../src/domain/policyFile';
import { DEFAULT_POLICY, duration } from '../../../src/domain/policyDefaults';
import type { LiaisonRecord } from '../../../src/domain/record';
import { computeMonthlyReport, median, monthRange, parseMonth, percentile, shiftMonth } from '../../../src/domain/report';
import type { ReportOptions } from '../../../src/domain/report';
import { reportToCsv, reportToJson, reportToMarkdown } from '../../../src/domain/reportFormat';
import type { MonthlyReport, RateRow } from '../../../src/domain/reportModel';
import { DIRECTORY, POLICY_YAML, ev, fixtureRecords } from './reportFixture';

function fixturePolicy(): ResponsePolicy {
  const parsed = parsePolicy(POLICY_YAML);
  assert.ok(parsed.policy, JSON.stringify(parsed.problems));
  return parsed.policy;
}

function options(overrides: Partial<ReportOptions> = {}): ReportOptions {
  const policy = fixturePolicy();
  return {
    month: '2026-05',
    language: 'en',
    policy,
    calendar: new WorkCalendar(policy.calendar),
    now: new Date('2026-06-10T00:00:00Z'),
    directory: new Directory(DIRECTORY),
    ...overrides,
  };
}

/** The figures of a row without its label, for compact comparisons. */
function figures(row: RateRow): [string, number, number, number, number, number | null, number | null, number | null] {
  return [row.key, row.due, row.onTime, row.late, row.missed, row.rate, row.medianMinutes, row.p90Minutes];
}

function labels(rows: readonly RateRow[]): string[] {
  return rows.map((row) => row.label);
}

/** A tiny RFC 4180 reader: enough to check that quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += char;
  }
  return rows;
}

describe('monthly report', () => {
  let report: MonthlyReport;
  before(() => {
    report = computeMonthlyReport(fixtureRecords(), options());
  });

  it('counts the whole month: 4 of 7 on time, median 210 min, p90 1260 min', () => {
    // On time: R1 李明, R2, R3, R4 李明 = 4; late: R1 张伟, R6 = 2; missed: R4 陈静 = 1; due 7.
    // Response times of the 6 answered: 20, 30, 60, 360, 1140, 1260.
    // Median of 6 = (60 + 360) / 2 = 210; p90 = the ⌈0.9 × 6⌉ = 6th smallest = 1260.
    assert.deepEqual(figures(report.total), ['', 7, 4, 2, 1, 4 / 7, 210, 1260]);
    assert.equal(report.total.label, 'All');
    assert.equal(report.month, '2026-05');
    assert.equal(report.zone, 'UTC');
    assert.equal(report.generatedAt, '2026-06-10T00:00:00.000Z');
    assert.deepEqual(report.spaces, ['internal']);
  });

  it('groups by the department of whoever owed the response', () => {
    // 研发部: R1 李明 (on, 60), R1 张伟 (late, 360), R2 (on, 1140), R3 (on, 20), R4 李明 (on, 30)
    //   → 5 due, 4 on time, rate 0.8; times 20, 30, 60, 360, 1140: median 60, p90 = ⌈4.5⌉ = 5th = 1140.
    // 客户成功部: R4 陈静 missed → rate 0, no times. 运维部: R6 late, 1260.
    // Order: most due first, then by name (客 before 运).
    assert.deepEqual(report.byDepartment.map(figures), [
      ['研发部', 5, 4, 1, 0, 0.8, 60, 1140],
      ['客户成功部', 1, 0, 0, 1, 0, null, null],
      ['运维部', 1, 0, 1, 0, 0, 1260, 1260],
    ]);
  });

  it("groups by kind, in the templates' order, with their labels", () => {
    // internal-message: R1 李明 (on, 60), R1 张伟 (late, 360), R6 (late, 1260) → 1/3; median 360; p90 ⌈2.7⌉ = 3rd = 1260.
    // internal-notice: R4 李明 (on, 30), R4 陈静 (missed) → 1/2; median 30, p90 30.
    // external-request: R2 (on, 1140), R3 (on, 20) → 2/2; median (20 + 1140) / 2 = 580; p90 ⌈1.8⌉ = 2nd = 1140.
    assert.deepEqual(report.byKind.map(figures), [
      ['internal-message', 3, 1, 2, 0, 1 / 3, 360, 1260],
      ['internal-notice', 2, 1, 0, 1, 0.5, 30, 30],
      ['external-request', 2, 2, 0, 0, 1, 580, 1140],
    ]);
    assert.deepEqual(labels(report.byKind), ['Internal message', 'Internal notice', 'External request']);
  });

  it('groups by priority, urgent first', () => {
    // urgent: R3 (on, 20). high: R1 ×2 (on 60, late 360) → 1/2, median 210, p90 ⌈1.8⌉ = 2nd = 360.
    // medium: R2 (on, 1140), R4 李明 (on, 30), R4 陈静 (missed), R6 (late, 1260) → 2/4;
    //   times 30, 1140, 1260: median 1140, p90 ⌈2.7⌉ = 3rd = 1260.
    assert.deepEqual(report.byPriority.map(figures), [
      ['urgent', 1, 1, 0, 0, 1, 20, 20],
      ['high', 2, 1, 1, 0, 0.5, 210, 360],
      ['medium', 4, 2, 1, 1, 0.5, 1140, 1260],
    ]);
    assert.deepEqual(labels(report.byPriority), ['Urgent', 'High', 'Medium']);
  });

  it('lists overdue responses, most overdue first', () => {
    // R4 陈静 missed: cut-off 06-01 00:00 − due 05-15 10:00 = 16 d 14 h = 23040 + 840 = 23880 min.
    // R1 张伟 late: 15:00 − 13:00 = 120 min. R6 赵强 late: 13:00 − 12:00 = 60 min.
    assert.deepEqual(
      report.overdue.map((item) => [item.id, item.people, item.missedBy, item.department, item.due, item.overdueMinutes]),
      [
        ['R4', ['陈静'], ['陈静'], '客户成功部', '2026-05-15T10:00:00.000Z', 23880],
        ['R1', ['张伟'], undefined, '研发部', '2026-05-04T13:00:00.000Z', 120],
        ['R6', ['赵强'], undefined, '运维部', '2026-05-01T12:00:00.000Z', 60],
      ],
    );
    assert.equal(report.overdue[0].kindLabel, 'Internal notice');
    assert.equal(report.overdue[0].priority, 'medium');
  });

  it('lists records sent this month that someone never read (信息遗漏)', () => {
    // R4: 研发部 read through 李明, 陈静 never → since 05-14 16:00 to 06-01 00:00 = 17 d 8 h = 24480 + 480 = 24960 min.
    // R5: 运维部 never read → since 05-29 15:00 = 2 d 9 h = 2880 + 540 = 3420 min (due 06-01 11:00).
    // R1: 张伟 has no receipt but declined, which shows he saw it. R6 was sent in April.
    assert.deepEqual(
      report.neverRead.map((item) => [item.id, item.people, item.department, item.due, item.overdueMinutes]),
      [
        ['R4', ['陈静'], '客户成功部', '2026-05-15T10:00:00.000Z', 24960],
        ['R5', ['运维部'], '运维部', '2026-06-01T11:00:00.000Z', 3420],
      ],
    );
  });

  it('collects the satisfaction of external requests closed this month', () => {
    // R2: 4, R3: 2 (R11's 5 was in April). Average (4 + 2) / 2 = 3; distribution of scores 1..5: [0, 1, 0, 1, 0].
    const satisfaction = report.satisfaction;
    assert.equal(satisfaction.count, 2);
    assert.equal(satisfaction.average, 3);
    assert.deepEqual(satisfaction.distribution, [0, 1, 0, 1, 0]);
    assert.deepEqual(
      satisfaction.entries.map((entry) => [entry.id, entry.score, entry.comment, entry.by, entry.at]),
      [
        ['R2', 4, '响应及时', '陈静', '2026-05-20T10:00:00.000Z'],
        ['R3', 2, '交付慢, "再改进"', '陈静', '2026-05-25T09:00:00.000Z'],
      ],
    );
  });

  it('shows the trend: April and May, and empty months before them', () => {
    // April (cut-off 05-01 00:00): R9 on time (30 min), R11 on time (12:00 − 09:00 = 180 min), R10 missed → 2/3;
    //   median (30 + 180) / 2 = 105; overdue 1; never read 1 (R10: 张伟); satisfaction R11's 5.
    // May: rate 4/7, due 7, overdue = 2 late + 1 missed = 3, never read 2, median 210, satisfaction 3.
    const three = computeMonthlyReport(fixtureRecords(), options({ trendMonths: 3 }));
    assert.deepEqual(three.trend, [
      { month: '2026-03', rate: null, due: 0, overdue: 0, neverRead: 0, medianMinutes: null, satisfaction: null },
      { month: '2026-04', rate: 2 / 3, due: 3, overdue: 1, neverRead: 1, medianMinutes: 105, satisfaction: 5 },
      { month: '2026-05', rate: 4 / 7, due: 7, overdue: 3, neverRead: 2, medianMinutes: 210, satisfaction: 3 },
    ]);
    assert.deepEqual(
      report.trend.map((point) => point.month),
      ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05'],
      'six months by default',
    );
  });

  it('leaves out a record whose sent time is not a date, and says why', () => {
    assert.deepEqual(
      report.skipped?.map((entry) => [entry.id, entry.reason]),
      [['R8', 'its sent time "not a time" is not a date']],
    );
  });

  it('April on its own: the late answer to R6 in May does not count in April, where R6 was not due', () => {
    const april = computeMonthlyReport(fixtureRecords(), options({ month: '2026-04' }));
    // R10: due 04-07 13:00, missed at the cut-off 05-01 00:00: 23 d 11 h = 33120 + 660 = 33780 min.
    assert.deepEqual(figures(april.total), ['', 3, 2, 0, 1, 2 / 3, 105, 180]);
    assert.deepEqual(
      april.overdue.map((item) => [item.id, item.overdueMinutes]),
      [['R10', 33780]],
    );
    // R10 never read: 05-01 00:00 − 04-07 09:00 = 23 d 15 h = 33120 + 900 = 34020 min.
    assert.deepEqual(
      april.neverRead.map((item) => [item.id, item.people, item.overdueMinutes]),
      [['R10', ['张伟'], 34020]],
    );
  });

  it('an empty month has null rates and times, never NaN', () => {
    const empty = computeMonthlyReport(fixtureRecords(), options({ month: '2026-02' }));
    assert.deepEqual(figures(empty.total), ['', 0, 0, 0, 0, null, null, null]);
    assert.deepEqual([empty.byDepartment, empty.byKind, empty.byPriority, empty.overdue, empty.neverRead], [[], [], [], [], []]);
    assert.deepEqual(empty.satisfaction, { count: 0, average: null, distribution: [0, 0, 0, 0, 0], entries: [] });
    assert.doesNotMatch(reportToJson(empty), /NaN|Infinity/);
    assert.doesNotMatch(reportToMarkdown(empty), /NaN|Infinity|undefined/);
    const none = computeMonthlyReport([], options());
    assert.equal(none.total.rate, null);
    assert.deepEqual(none.spaces, []);
  });

  it('a month with only unanswered responses: rate 0, no response times', () => {
    const records: LiaisonRecord[] = [
      {
        id: 'U1',
        kind: 'internal-message',
        space: 's',
        title: 'a',
        fields: { type: 'collaboration-request', priority: 'low', audience: ['李明', '张伟'] },
        body: '',
        createdBy: '王芳',
        createdAt: '2026-05-04T09:00:00.000Z',
        events: [ev('sent', '王芳', '2026-05-04 09:00')],
      },
    ];
    const result = computeMonthlyReport(records, options());
    assert.deepEqual(figures(result.total), ['', 2, 0, 0, 2, 0, null, null]);
    assert.deepEqual(
      result.overdue.map((item) => [item.people, item.missedBy]),
      [
        [
          ['李明', '张伟'],
          ['李明', '张伟'],
        ],
      ],
    );
  });

  it('a rule that cannot be counted leaves the record out instead of throwing', () => {
    // A working-clock rule in 24-hour days cannot be counted (parsePolicy refuses it; a hand-made policy may not).
    const policy: ResponsePolicy = {
      ...DEFAULT_POLICY,
      rules: [{ id: 'broken', description: { zh: '坏', en: 'broken' }, stage: 'respond', target: duration('2d'), clock: 'working' }],
    };
    const result = computeMonthlyReport(fixtureRecords().slice(0, 2), options({ policy }));
    assert.equal(result.total.due, 0);
    assert.deepEqual(
      result.skipped?.map((entry) => entry.id),
      ['R1', 'R2'],
    );
    assert.match(result.skipped?.[0].reason ?? '', /broken.*"2d" counts 24-hour days but its clock is working/);
  });

  it('the current month is cut off at now: what is not yet due and not answered is not counted', () => {
    // now = Wed 05-06 10:00. R1 (due 05-04 13:00): as in May. R2 (due 05-06 12:00) not answered by now and not
    // yet due → not counted. R6 (due 05-01 12:00) late. R3, R4 lie after now.
    const result = computeMonthlyReport(fixtureRecords(), options({ now: new Date('2026-05-06T10:00:00Z') }));
    assert.deepEqual(figures(result.total), ['', 3, 1, 2, 0, 1 / 3, 360, 1260]);
    // Sent in May by now: R1 (all seen), R2 (李明 has not answered or read by 10:00) → 05-05 16:00 to 05-06 10:00 = 18 h.
    assert.deepEqual(
      result.neverRead.map((item) => [item.id, item.overdueMinutes]),
      [['R2', 1080]],
    );
  });

  it("months start at midnight in the calendar's time zone", () => {
    // Asia/Shanghai is UTC+8: May starts at 2026-04-30T16:00Z.
    const calendar = new WorkCalendar({ timeZone: 'Asia/Shanghai', workdays: [1, 2, 3, 4, 5, 6, 7], hours: [{ start: 0, end: 1440 }] });
    assert.deepEqual(monthRange('2026-05', calendar), {
      start: Date.parse('2026-04-30T16:00:00Z'),
      end: Date.parse('2026-05-31T16:00:00Z'),
    });
    const urgentAt = (id: string, sent: string): LiaisonRecord => ({
      id,
      kind: 'internal-message',
      space: 's',
      title: id,
      fields: { type: 'collaboration-request', priority: 'urgent', audience: ['李明'] },
      body: '',
      createdBy: '王芳',
      createdAt: sent,
      events: [ev('sent', '王芳', sent)],
    });
    // Due 30 min after sending: 15:59Z → 16:29Z (May 1 00:29 in Shanghai, May); 15:00Z → 15:30Z (April 30 23:30, April).
    const records = [urgentAt('late-april', '2026-04-30T15:59:00.000Z'), urgentAt('april', '2026-04-30T15:00:00.000Z')];
    const may = computeMonthlyReport(records, options({ calendar, directory: undefined }));
    assert.deepEqual(
      may.overdue.map((item) => item.id),
      ['late-april'],
    );
    assert.equal(may.zone, 'Asia/Shanghai');
  });

  it('parseMonth takes YYYY-MM and names the format otherwise', () => {
    assert.deepEqual(parseMonth('2026-05'), { month: '2026-05' });
    for (const bad of ['2026-13', '2026-00', '2026-5', 'May 2026', '']) {
      const parsed = parseMonth(bad);
      assert.ok('error' in parsed && /YYYY-MM/.test(parsed.error), `${bad}: ${JSON.stringify(parsed)}`);
    }
    assert.throws(() => computeMonthlyReport([], options({ month: '2026-13' })), /YYYY-MM/);
    assert.equal(shiftMonth('2026-01', -1), '2025-12');
    assert.equal(shiftMonth('2025-12', 1), '2026-01');
    assert.equal(shiftMonth('2026-05', -17), '2024-12');
  });

  it('median and nearest-rank p90', () => {
    assert.equal(median([]), null);
    assert.equal(median([5]), 5);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.equal(percentile([], 90), null);
    // 10 values: ⌈9⌉ = 9th smallest; 11 values: ⌈9.9⌉ = 10th.
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90), 10);
  });

  describe('formats', () => {
    it("markdown: headings and labels in the report's language", () => {
      const en = reportToMarkdown(report);
      assert.match(en, /^# Communication report 2026-05$/m);
      assert.match(en, /^\| On-time response rate \| 57\.1% \(4\/7\) \|$/m);
      assert.match(en, /^\| Median response time \| 3 h 30 min \|$/m);
      assert.match(en, /^\| p90 response time \| 21 h \|$/m);
      assert.match(en, /^\| 研发部 \| 5 \| 4 \| 1 \| 0 \| 80\.0% \| 1 h \| 19 h \|$/m);
      assert.match(en, /^## Overdue \(3\)$/m);
      assert.match(
        en,
        /^\| 五一值班安排 \(R4\) \| Internal notice \| Medium \| 客户成功部 \| 陈静 \(no answer\) \| 2026-05-15 10:00 \| 16 d 14 h \|$/m,
      );
      assert.match(en, /^\| Globex outage, "priority" fix \(R3\) \| 2 \| 交付慢, "再改进" \| 陈静 \| 2026-05-25 09:00 \|$/m);
      assert.match(en, /^\| 2026-04 \| 66\.7% \| 3 \| 1 \| 1 \| 1 h 45 min \| 5\.00 \|$/m);
      assert.match(en, /^## Records left out \(1\)$/m);
      const zh = reportToMarkdown(computeMonthlyReport(fixtureRecords(), options({ language: 'zh' })));
      assert.match(zh, /^# 沟通效率月度报告 2026-05$/m);
      assert.match(zh, /^## 按部门$/m);
      assert.match(zh, /^\| 按时响应率 \| 57\.1% \(4\/7\) \|$/m);
      assert.match(zh, /^\| 外部对接请求 \| 2 \| 2 \| 0 \| 0 \| 100\.0% \| 9 小时 40 分钟 \| 19 小时 \|$/m);
      assert.match(zh, /^## 信息遗漏（未读） \(2\)$/m);
    });

    it('CSV: one table with a section column, quoted per RFC 4180', () => {
      const csv = reportToCsv(report);
      assert.ok(csv.endsWith('\r\n'));
      const rows = parseCsv(csv);
      const header = rows[0];
      const col = (row: string[], name: string): string => row[header.indexOf(name)];
      assert.ok(
        rows.every((row) => row.length === header.length),
        'every row has every column',
      );
      const sections = rows.slice(1).map((row) => row[0]);
      assert.deepEqual(
        [...new Set(sections)],
        ['total', 'department', 'kind', 'priority', 'overdue', 'never-read', 'satisfaction', 'trend', 'skipped'],
      );
      const total = rows[1];
      assert.deepEqual(
        ['due', 'onTime', 'late', 'missed', 'rate', 'medianMinutes', 'p90Minutes', 'month'].map((name) => col(total, name)),
        ['7', '4', '2', '1', '0.5714', '210', '1260', '2026-05'],
      );
      const r3 = rows.find((row) => row[0] === 'satisfaction' && col(row, 'id') === 'R3') as string[];
      assert.equal(col(r3, 'title'), 'Globex outage, "priority" fix');
      assert.equal(col(r3, 'comment'), '交付慢, "再改进"');
      assert.match(csv, /"Globex outage, ""priority"" fix"/);
      const march = rows.find((row) => row[0] === 'trend' && col(row, 'month') === '2026-03') as string[];
      assert.equal(col(march, 'rate'), '', 'no rate is an empty field');
    });

    it('JSON: the report object itself', () => {
      assert.deepEqual(JSON.parse(reportToJson(report)), JSON.parse(JSON.stringify(report)));
    });
  });
});
