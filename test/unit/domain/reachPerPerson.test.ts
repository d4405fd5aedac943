// Every person, not one per department: a notice to a department of 12 stores, at Send, the 12
// members it reaches; each one's read and confirmation counts on its own ("3/12 read"), in the
// record view and in the monthly report, and the reach check reminds the 9 who have not read it.
import { strict as assert } from 'node:assert';
import { WorkCalendar } from '../../../src/domain/calendar';
import { ManualClock } from '../../../src/domain/clock';
import { composeRecord } from '../../../src/domain/compose';
import { Directory } from '../../../src/domain/directory';
import { parseDraft } from '../../../src/domain/draft';
import { SERVER_ACTOR, planFollowUp } from '../../../src/domain/followUp';
import { performAction } from '../../../src/domain/lifecycle';
import { reachOf } from '../../../src/domain/parties';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import type { LiaisonRecord } from '../../../src/domain/record';
import { computeMonthlyReport } from '../../../src/domain/report';
import { reportToMarkdown } from '../../../src/domain/reportFormat';
import { deriveState } from '../../../src/domain/status';
import { findTemplate } from '../../../src/domain/templates/registry';
import { recordToMarkdown } from '../../../src/render/recordMarkdown';

const members = Array.from({ length: 12 }, (_, i) => `研发${i + 1}`);
const directory = new Directory({
  people: [{ name: '王芳', department: '产品部' }, ...members.map((name) => ({ name, department: '研发部' }))],
  departments: [{ name: '研发部', head: '研发1' }],
});
const calendar = new WorkCalendar(DEFAULT_POLICY.calendar);
const wang = { name: '王芳', department: '产品部' };

/** Sent Monday 2026-05-18 10:00 Shanghai (02:00Z) to 研发部. */
function sendNotice(to: string): LiaisonRecord {
  const template = findTemplate('internal-notice');
  assert.ok(template);
  const fields: Record<string, string | string[]> = { title: '关于五一放假安排的通知-行政部', recipients: [to], audience: [to] };
  const parsed = { ...parseDraft(''), values: { ...fields } };
  return composeRecord(parsed, template, wang, 'internal', new ManualClock('2026-05-18T02:00:00.000Z'), undefined, (names) =>
    directory.reach(names).map((person) => person.name),
  );
}

describe('reach per person', () => {
  it('stores the members a department reaches at Send, and counts each one’s read and confirmation', () => {
    let record = sendNotice('研发部');
    assert.deepEqual(reachOf(record), members);
    const clock = new ManualClock('2026-05-18T02:30:00.000Z');
    for (const name of members.slice(0, 3)) {
      record = { ...record, events: [...record.events, performAction(record, { type: 'read' }, { name, department: '研发部' }, clock)] };
    }
    record = {
      ...record,
      events: [...record.events, performAction(record, { type: 'confirm' }, { name: '研发1', department: '研发部' }, clock)],
    };
    const state = deriveState(record);
    assert.equal(`${state.readCount}/${state.recipientCount}`, '3/12', 'one read per person, not one for the department');
    assert.equal(state.lifecycle.confirmers.length, 12);
    assert.deepEqual(
      state.lifecycle.confirmations.map((c) => c.confirmer),
      ['研发1'],
    );
    const en = recordToMarkdown(record, 'en');
    assert.match(en, /## Read receipts \(3\/12\)/);
    assert.match(en, /Sent to 研发部, reaching 12 people, each tracked on their own: 3\/12 read\./);
    assert.match(recordToMarkdown(record, 'zh'), /发给 研发部，触达 12 人，每人单独跟踪：已读 3\/12。/);

    // 2 h after publication (the notice's due): the reach check reminds the 9 who have not read it, each by name.
    const reach = planFollowUp(record, DEFAULT_POLICY, calendar, new ManualClock('2026-05-18T04:10:00.000Z'), { name: SERVER_ACTOR }, (n) =>
      directory.headOf(n),
    ).reach;
    assert.deepEqual(reach?.to, members.slice(3));

    // The report counts each person: the notice is listed as never read by 9 of the 12, "3/12 read".
    const report = computeMonthlyReport([record], {
      month: '2026-05',
      language: 'en',
      policy: DEFAULT_POLICY,
      calendar,
      now: new Date('2026-06-10T00:00:00Z'),
      directory,
    });
    const [item] = report.neverRead;
    assert.deepEqual(item.people, members.slice(3));
    assert.deepEqual(item.readOf, { read: 3, of: 12 });
    assert.match(reportToMarkdown(report), /3\/12 read · 研发4, 研发5/);
    assert.match(reportToMarkdown({ ...report, language: 'zh' }), /已读 3\/12 · 研发4/);
  });

  it('reaches everyone for 全员, and stores nothing extra for a record addressed to people', () => {
    assert.equal(reachOf(sendNotice('全员'))?.length, 12, 'everyone but the author');
    assert.equal(reachOf(sendNotice('研发3')), undefined);
  });
});
