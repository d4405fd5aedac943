// One inbox for every view (src/domain/inbox.ts): a dispute that waits for me as the project lead
// is in my Pending tree, counts in the status bar and its badge, and notifies me; once I have
// arbitrated it, it leaves all of them. (Before the inbox, the status bar and the notifications
// asked without the project lead and missed it.) An escalation the server made to me waits in my
// Pending too, and while a server is configured the server, not this editor, keeps the clock.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { ManualClock } from '../../../src/domain/clock';
import { performAction } from '../../../src/domain/lifecycle';
import type { ActionInput } from '../../../src/domain/lifecycle';
import type { Identity, LiaisonRecord } from '../../../src/domain/record';
import { recordToMarkdown } from '../../../src/render/recordMarkdown';
import type { ActionOutcome } from '../helpers';
import { liaison, testEnv, waitFor } from '../helpers';

/** A request from 赵敏 to 孙丽 (neither has a window here) with 王芳 as project lead, delivered, then disputed by 赵敏. */
function disputedRequest(space: string): LiaisonRecord {
  const run = testEnv('LIAISON_TEST_RUN_ID');
  const zhao: Identity = { name: '赵敏', department: '测试部' };
  const sun: Identity = { name: '孙丽', department: '财务部' };
  let record: LiaisonRecord = {
    id: `R-dispute-${run}`,
    kind: 'collaboration-request',
    space,
    title: `Tax export ${run}: delivery disputed - Finance`,
    fields: { sender: '赵敏', recipients: ['孙丽'], audience: ['孙丽'], priority: 'medium', lead: '王芳' },
    body: '## Background\n\nThe export lacks the tax id.\n',
    createdBy: '赵敏',
    createdAt: '2026-05-18T01:00:00.000Z',
    events: [{ id: `E-sent-${run}`, type: 'sent', actor: '赵敏', actorDepartment: '测试部', at: '2026-05-18T01:00:00.000Z' }],
  };
  const clock = new ManualClock('2026-05-18T02:00:00.000Z');
  const act = (actor: Identity, input: ActionInput): void => {
    clock.advance(3_600_000);
    record = { ...record, events: [...record.events, performAction(record, input, actor, clock)] };
  };
  act(sun, { type: 'accept' });
  act(sun, { type: 'deliver' });
  act(zhao, { type: 'dispute', reason: 'the export lacks the tax id' });
  return record;
}

const count = (text: string): number => Number(/\$\(inbox\) (\d+)/.exec(text)?.[1] ?? NaN);

describe('inbox (王芳 as project lead)', () => {
  it('a dispute for the project lead is in Pending, counts in the status bar and the badge, and notifies', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    const before = count(api.statusBar().pending.text);
    assert.equal(before, api.trees.pending.records().length, 'the status bar and the Pending tree agree to begin with');
    const record = disputedRequest(replica.spaceNames[0]);
    await replica.add(record);

    await waitFor('the dispute in the Pending tree', () => api.trees.pending.records().some((r) => r.id === record.id));
    await waitFor('the status bar to count it', () => count(api.statusBar().pending.text) === before + 1);
    assert.equal(count(api.statusBar().pending.text), api.trees.pending.records().length, 'the status bar counts what Pending lists');
    assert.equal(api.services.inbox.entry(record)?.reason, 'arbitrate');
    const notice = await waitFor('a notification of the dispute', () => api.notifications.shown().find((shown) => shown.id === record.id));
    assert.match(notice.message, /Dispute for you to arbitrate: Tax export .*赵敏: the export lacks the tax id/);

    const ref = { space: record.space, id: record.id };
    const arbitrated = await vscode.commands.executeCommand<ActionOutcome>('liaison.arbitrate', { ...ref, decision: 'accept' });
    assert.equal(arbitrated.done, true, arbitrated.reason);
    await waitFor('the status bar to drop it', () => count(api.statusBar().pending.text) === before);
    assert.ok(!api.trees.pending.records().some((r) => r.id === record.id), 'and the Pending tree');
    assert.equal(api.notifications.shown().filter((shown) => shown.id === record.id).length, 1, 'one notification per dispute');
  });

  it('an escalation the server made to me is in Pending, the history says how I was told, and the status bar says the server keeps the clock', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    const run = testEnv('LIAISON_TEST_RUN_ID');
    const sentAt = '2026-05-11T01:00:00.000Z';
    const id = `R-escalated-${run}`;
    const record: LiaisonRecord = {
      id,
      kind: 'collaboration-request',
      space: replica.spaceNames[0],
      title: `Budget ${run}: not answered - Finance`,
      fields: { sender: '赵敏', recipients: ['孙丽'], audience: ['孙丽'], priority: 'high' },
      body: '## Background\n\nThe budget needs an answer.\n',
      createdBy: '赵敏',
      createdAt: sentAt,
      events: [
        { id: `E-sent-${run}`, type: 'sent', actor: '赵敏', actorDepartment: '测试部', at: sentAt },
        {
          id: `fu:${id}:respond:escalate:1`,
          type: 'escalated',
          actor: 'Liaison',
          at: '2026-05-13T06:20:00.000Z',
          to: ['王芳'],
          via: { 王芳: ['email'] },
        },
      ],
    };
    await replica.add(record);
    await waitFor('the escalation in the Pending tree', () => api.trees.pending.records().some((r) => r.id === record.id));
    assert.equal(api.services.inbox.entry(record)?.reason, 'escalated');
    assert.equal(api.statusBar().clock.keeper, 'server', 'a server is configured: it keeps the clock');
    assert.match(api.statusBar().clock.text, /Server|服务器/);
    assert.match(recordToMarkdown(record, 'en'), /Escalated to 王芳 by e-mail at 14:20/);
    // The editor appends no reminders of its own while the server keeps the clock.
    const mine: LiaisonRecord = {
      ...record,
      id: `R-mine-${run}`,
      createdBy: '王芳',
      fields: { ...record.fields, sender: '王芳' },
      events: [record.events[0]],
    };
    await replica.add(mine);
    await vscode.commands.executeCommand('liaison.runFollowUps');
    const after = replica.records().find((r) => r.id === mine.id);
    assert.deepEqual(
      after?.events.filter((event) => event.actor !== 'Liaison').map((event) => event.type),
      ['sent'],
      'no reminder or escalation from this editor (the server may have added its own)',
    );
  });
});
