// `liaison report` as a user runs it: the bundled tool (dist/cli.js, built by `node esbuild.mjs`)
// as a child process, on a store written with the real store code, in a folder whose
// `.liaison/policy.yaml` is the fixture's policy. The figures are the hand-checked ones of
// test/unit/domain/report.test.ts.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MonthlyReport } from '../../../src/domain/reportModel';
import { writeDirectory } from '../../../src/store/directoryDoc';
import { LocalStore } from '../../../src/store/localStore';
import { putRecord } from '../../../src/store/recordsDoc';
import { DIRECTORY, POLICY_YAML, fixtureRecords } from '../domain/reportFixture';
import { runBundled } from './bundled';
import type { Run } from './inProcess';

function liaison(cwd: string, ...args: string[]): Promise<Run> {
  return runBundled(args, cwd);
}

describe('liaison report', () => {
  let dir: string;
  let store: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'liaison-report-'));
    store = join(dir, 'store');
    const local = new LocalStore(store);
    const space = await local.openSpace('internal');
    for (const record of fixtureRecords()) putRecord(space.doc, record);
    writeDirectory(space.doc, DIRECTORY, { replace: true });
    // A second space with nothing in it: every space is read unless --space says otherwise.
    await local.openSpace('client-acme');
    await local.close();
    await mkdir(join(dir, '.liaison'));
    await writeFile(join(dir, '.liaison', 'policy.yaml'), POLICY_YAML);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--format json: the figures computed by hand, with the policy of .liaison/policy.yaml', async () => {
    const run = await liaison(dir, 'report', '--store', store, '--month', '2026-05', '--format', 'json', '--trend', '2');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as MonthlyReport;
    assert.deepEqual(report.spaces, ['client-acme', 'internal']);
    assert.equal(report.zone, 'UTC', 'the calendar of the policy file');
    const { total } = report;
    // See report.test.ts: 4 of 7 on time, 2 late, 1 missed; median (60 + 360) / 2 = 210, p90 1260.
    assert.deepEqual(
      [total.due, total.onTime, total.late, total.missed, total.rate, total.medianMinutes, total.p90Minutes],
      [7, 4, 2, 1, 4 / 7, 210, 1260],
    );
    assert.deepEqual(
      report.byDepartment.map((row) => [row.key, row.due, row.rate]),
      [
        ['研发部', 5, 0.8],
        ['客户成功部', 1, 0],
        ['运维部', 1, 0],
      ],
      "departments from the store's directory",
    );
    assert.deepEqual(
      report.overdue.map((item) => [item.id, item.overdueMinutes]),
      [
        ['R4', 23880],
        ['R1', 120],
        ['R6', 60],
      ],
    );
    assert.deepEqual(
      report.neverRead.map((item) => [item.id, item.people]),
      [
        ['R4', ['陈静']],
        ['R5', ['运维部']],
      ],
    );
    assert.deepEqual([report.satisfaction.average, report.satisfaction.distribution], [3, [0, 1, 0, 1, 0]]);
    assert.deepEqual(
      report.trend.map((point) => [point.month, point.rate, point.overdue]),
      [
        ['2026-04', 2 / 3, 1],
        ['2026-05', 4 / 7, 3],
      ],
    );
    assert.match(run.stderr, /record R8 of space internal left out: its sent time "not a time" is not a date/);
  });

  it('--format md in Chinese, and csv to a file with --out', async () => {
    const md = await liaison(dir, 'report', '--store', store, '--space', 'internal', '--month', '2026-05', '--lang', 'zh');
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# 沟通效率月度报告 2026-05$/m);
    assert.match(md.stdout, /^\| 按时响应率 \| 57\.1% \(4\/7\) \|$/m);
    assert.match(
      md.stdout,
      /^\| 五一值班安排 \(R4\) \| 内部通知 \| 中 \| 客户成功部 \| 陈静 \(未答复\) \| 2026-05-15 10:00 \| 16 天 14 小时 \|$/m,
    );

    const out = join(dir, 'report.csv');
    const csv = await liaison(dir, 'report', '--store', store, '--month=2026-05', '--format', 'csv', '--out', out);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout, '');
    assert.match(csv.stderr, /report: 2026-05 of client-acme, internal \(7 response\(s\) due\) written to /);
    const text = await readFile(out, 'utf8');
    assert.ok(text.startsWith('\ufeff'), 'a CSV file starts with a byte-order mark, so Excel reads the Chinese as UTF-8');
    const lines = text.slice(1).split('\r\n');
    assert.match(lines[0], /^section,key,label,due,onTime,late,missed,rate,medianMinutes,p90Minutes,/);
    assert.match(lines[1], /^total,,All,7,4,2,1,0\.5714,210,1260,/);
    assert.ok(lines.some((line) => line.startsWith('satisfaction,') && line.includes('"Globex outage, ""priority"" fix"')));
  });

  it('--format html: one page with the report inlined', async () => {
    const run = await liaison(dir, 'report', '--store', store, '--month', '2026-05', '--format', 'html', '--lang', 'en');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^<!DOCTYPE html>/);
    assert.match(run.stdout, /Communication report 2026-05/);
    assert.match(run.stdout, /"onTime":4/);
  });

  it('refuses a bad month, naming the flag and the format', async () => {
    const run = await liaison(dir, 'report', '--store', store, '--month', '2026-13');
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /report: --month "2026-13" is not a month: write YYYY-MM, e.g\. 2026-05/);
    const format = await liaison(dir, 'report', '--store', store, '--format', 'pdf');
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format is "pdf": use md, csv, html, json/);
    const space = await liaison(dir, 'report', '--store', store, '--space', 'nowhere', '--month', '2026-05');
    assert.equal(space.code, 1);
    assert.match(space.stderr, /no space nowhere in .*; it holds client-acme, internal/);
  });

  it('without --month: this month so far (a new team has nothing last month)', async () => {
    const run = await liaison(dir, 'report', '--store', store, '--format', 'json', '--trend', '1');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as MonthlyReport;
    // The policy's calendar is in UTC, so the month of generatedAt (an ISO instant in UTC) is "this month".
    assert.equal(report.month, report.generatedAt.slice(0, 7));
  });
});
