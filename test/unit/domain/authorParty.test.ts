// The author is never her own recipient, reader or 信息遗漏 (issue 15, point 5): when she names
// herself as the owner, belongs to a department she wrote to, or lists herself among the
// confirmers, the read counts, the actions offered, Pending and the monthly report leave her out.
import { strict as assert } from 'node:assert';
import { WorkCalendar } from '../../../src/domain/calendar';
import { Directory } from '../../../src/domain/directory';
import { ManualClock } from '../../../src/domain/clock';
import { availableActions, checkAction, foldLifecycle, keyConfirmers, performAction } from '../../../src/domain/lifecycle';
import type { ActionInput } from '../../../src/domain/lifecycle';
import { parsePolicy } from '../../../src/domain/policyFile';
import type { Identity, LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import { computeMonthlyReport } from '../../../src/domain/report';
import { deriveState, isAddressedTo, pendingReason } from '../../../src/domain/status';
import { DIRECTORY, POLICY_YAML } from './reportFixture';

const wang: Identity = { name: '王芳', department: '产品部' };
const li: Identity = { name: '李明', department: '研发部' };
const zhao: Identity = { name: '赵强', department: '产品部' };

const SENT_AT = '2026-05-04T09:00:00.000Z';

function record(kind: string, fields: LiaisonRecord['fields'], events: RecordEvent[] = []): LiaisonRecord {
  return {
    id: 'R-author',
    kind,
    space: 'internal',
    title: '关于接口联调的协作请求-产品部',
    fields: { sender: '王芳', ...fields },
    body: '',
    createdBy: '王芳',
    createdAt: SENT_AT,
    events: [{ id: 'e0', type: 'sent', actor: '王芳', actorDepartment: '产品部', at: SENT_AT }, ...events],
  };
}

function ev(id: string, type: RecordEvent['type'], actor: Identity, at: string, extra: Partial<RecordEvent> = {}): RecordEvent {
  return { id, type, actor: actor.name, actorDepartment: actor.department, at: `2026-05-04T${at}:00.000Z`, ...extra };
}

/** Appends what `actor` does now through checkAction/performAction, as every front end does. */
function act(target: LiaisonRecord, actor: Identity, action: ActionInput, clock: ManualClock): LiaisonRecord {
  clock.advance(60_000);
  return { ...target, events: [...target.events, performAction(target, action, actor, clock)] };
}

function report(records: LiaisonRecord[]): ReturnType<typeof computeMonthlyReport> {
  const parsed = parsePolicy(POLICY_YAML);
  assert.ok(parsed.policy);
  return computeMonthlyReport(records, {
    month: '2026-05',
    language: 'zh',
    policy: parsed.policy,
    calendar: new WorkCalendar(parsed.policy.calendar),
    now: new Date('2026-05-04T09:02:00Z'),
    directory: new Directory(DIRECTORY),
  });
}

describe('the author is never her own recipient, reader or 信息遗漏', () => {
  describe('author = owner', () => {
    // An external request she logged and owns, with 李明 also asked to help.
    const owned = (events: RecordEvent[] = []): LiaisonRecord =>
      record('external-request', { owner: '王芳', recipients: ['李明'], audience: ['王芳', '李明'], priority: 'high' }, events);

    it('counts reads out of the others: 0/1 after she opened it, 1/1 once 李明 read it', () => {
      const opened = owned([ev('e1', 'read', wang, '09:01')]);
      const state = deriveState(opened);
      assert.deepEqual([state.readCount, state.recipientCount], [0, 1], '已读 0/1, not 0/2');
      assert.deepEqual(
        state.receipts.map((receipt) => receipt.recipient),
        ['李明'],
      );
      const read = deriveState(owned([ev('e1', 'read', wang, '09:01'), ev('e2', 'read', li, '09:05')]));
      assert.deepEqual([read.readCount, read.recipientCount, read.status], [1, 1, 'read']);
    });

    it('does not offer her Accept or Decline; it waits for her as its owner until she delivers it', () => {
      const target = owned();
      const actions = availableActions(target, wang);
      assert.ok(!actions.includes('accept') && !actions.includes('decline'), actions.join());
      assert.ok(actions.includes('deliver'), 'the owner delivers her own request');
      assert.match(checkAction(target, { type: 'accept' }, wang)?.en ?? '', /Only a recipient \(李明\)/);
      assert.equal(pendingReason(target, wang), 'answer', 'hers to deliver');
      const delivered = act(target, wang, { type: 'deliver' }, new ManualClock(new Date('2026-05-04T10:00:00Z')));
      assert.equal(pendingReason(delivered, wang), undefined);
      assert.equal(isAddressedTo(target, wang), false);
      assert.equal(pendingReason(target, li), 'answer');
    });

    it('ignores an accept she wrote with an older version (the fold leaves her out everywhere)', () => {
      const legacy = owned([ev('e1', 'accepted', wang, '09:01')]);
      const life = foldLifecycle(legacy);
      assert.equal(life.status, 'sent');
      assert.deepEqual(life.answers, []);
      assert.equal(life.ignored[0]?.event.id, 'e1');
    });

    it('a request she alone owns starts accepted, and her delivery is her own confirmation', () => {
      const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
      let alone = record('external-request', { owner: '王芳', audience: ['王芳'], priority: 'medium' });
      assert.equal(deriveState(alone).status, 'accepted');
      assert.equal(pendingReason(alone, wang), 'answer', 'in her Pending: hers to deliver');
      assert.deepEqual([deriveState(alone).readCount, deriveState(alone).recipientCount], [0, 0]);
      alone = act(alone, wang, { type: 'status', note: '已联系客户' }, clock);
      assert.equal(deriveState(alone).status, 'in-progress');
      alone = act(alone, wang, { type: 'deliver', note: '已发补丁' }, clock);
      assert.equal(deriveState(alone).status, 'confirmed');
      assert.equal(pendingReason(alone, wang), undefined, 'nothing waits for her: she confirmed by delivering');
      alone = act(alone, wang, { type: 'archive' }, clock);
      assert.equal(deriveState(alone).status, 'archived');
      alone = act(alone, wang, { type: 'reopen', reason: '客户又报' }, clock);
      assert.equal(deriveState(alone).status, 'in-progress');
    });

    it('the report counts only 李明: one response due, 李明 alone never read', () => {
      const month = report([owned([ev('e1', 'read', wang, '09:01')])]);
      assert.deepEqual(
        month.neverRead.map((item) => item.people),
        [['李明']],
      );
      assert.deepEqual(
        report([owned([ev('e1', 'read', wang, '09:01'), ev('e2', 'read', li, '09:01')])]).neverRead,
        [],
        'read by everyone but her: nothing 遗漏',
      );
    });
  });

  describe('author in a recipient department', () => {
    // 王芳 of 产品部 asks her own department and 研发部.
    const asked = (events: RecordEvent[] = []): LiaisonRecord =>
      record('collaboration-request', { recipients: ['产品部', '研发部'], audience: ['产品部', '研发部'], priority: 'high' }, events);

    it('her own read does not count for 产品部; a colleague of hers does', () => {
      assert.equal(deriveState(asked([ev('e1', 'read', wang, '09:01')])).readCount, 0);
      const byColleague = deriveState(asked([ev('e1', 'read', wang, '09:01'), ev('e2', 'read', zhao, '09:02')]));
      assert.deepEqual(
        byColleague.receipts.map((receipt) => receipt.readBy),
        ['赵强', undefined],
      );
    });

    it('she is offered no answer or delivery for her department; her colleague is', () => {
      const target = asked();
      const mine = availableActions(target, wang);
      for (const action of ['accept', 'decline', 'deliver'] as const) assert.ok(!mine.includes(action), `${action} in ${mine.join()}`);
      assert.equal(pendingReason(target, wang), undefined);
      assert.equal(pendingReason(target, zhao), 'answer');
      assert.ok(availableActions(target, zhao).includes('accept'));
      const legacy = foldLifecycle(asked([ev('e1', 'accepted', wang, '09:01')]));
      assert.deepEqual([legacy.status, legacy.answers.length], ['sent', 0]);
    });

    it('the report lists 产品部 until a colleague has seen it, never her own updates', () => {
      const updated = asked([ev('e1', 'read', wang, '09:01'), ev('e2', 'feedback', wang, '09:01', { note: '补充材料' })]);
      assert.deepEqual(
        report([updated]).neverRead.map((item) => item.people),
        [['产品部', '研发部']],
      );
      const answeredByHer = report([asked([ev('e1', 'accepted', wang, '09:01')])]);
      assert.deepEqual([answeredByHer.total.due, answeredByHer.total.onTime], [0, 0], 'her accept answers for nobody');
      const seen = asked([ev('e1', 'read', zhao, '09:01')]);
      assert.deepEqual(
        report([seen]).neverRead.map((item) => item.people),
        [['研发部']],
      );
    });
  });

  describe('author also a confirmer', () => {
    const notice = (events: RecordEvent[] = []): LiaisonRecord =>
      record(
        'internal-notice',
        {
          department: '产品部',
          recipients: ['研发部'],
          confirmers: ['王芳', '李明'],
          audience: ['研发部', '王芳', '李明'],
          priority: 'medium',
        },
        events,
      );

    it('her notice waits for 李明 alone: she is not on the confirmation list and cannot confirm', () => {
      assert.deepEqual(keyConfirmers(notice()), ['李明']);
      assert.deepEqual(foldLifecycle(notice()).confirmers, ['李明']);
      assert.match(checkAction(notice(), { type: 'confirm' }, wang)?.en ?? '', /Only those who must confirm \(李明\)/);
      assert.equal(pendingReason(notice(), wang), undefined);
      const confirmed = deriveState(notice([ev('e1', 'confirmed', li, '09:01')]));
      assert.equal(confirmed.status, 'confirmed');
    });

    it('minutes she took are confirmed by the other attendees only', () => {
      const minutes = record('meeting-minutes', { attendees: ['王芳', '李明'], audience: ['王芳', '李明'] });
      assert.deepEqual(keyConfirmers(minutes), ['李明']);
      assert.deepEqual(
        deriveState(minutes).receipts.map((receipt) => receipt.recipient),
        ['李明'],
      );
    });

    it('the report neither misses her confirmation nor lists her as never read', () => {
      const month = report([notice([ev('e1', 'read', wang, '09:01')])]);
      assert.deepEqual(
        month.neverRead.map((item) => item.people),
        [['研发部', '李明']],
      );
      const answered = report([notice([ev('e1', 'read', li, '09:01'), ev('e2', 'confirmed', li, '09:01')])]);
      assert.equal(answered.total.onTime, 1);
      assert.equal(answered.total.due, 1, 'one response owed: 李明');
    });

    it('as requester she still confirms a delivery (结果确认), as herself', () => {
      const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
      let target = record('collaboration-request', { recipients: ['李明'], audience: ['李明'], priority: 'high' });
      assert.deepEqual(keyConfirmers(target), ['王芳']);
      target = act(act(target, li, { type: 'accept' }, clock), li, { type: 'deliver' }, clock);
      assert.equal(pendingReason(target, wang), 'confirm');
      target = act(target, wang, { type: 'confirm' }, clock);
      assert.equal(deriveState(target).status, 'confirmed');
    });

    it('a department she is in, named to confirm her notice, is confirmed by a colleague, not by her', () => {
      const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
      let target = record('internal-notice', { recipients: ['产品部'], confirmers: ['产品部'], audience: ['产品部'], priority: 'low' });
      assert.match(checkAction(target, { type: 'confirm' }, wang)?.en ?? '', /Only those who must confirm \(产品部\)/);
      assert.equal(pendingReason(target, wang), undefined);
      assert.equal(pendingReason(target, zhao), 'confirm');
      target = act(target, zhao, { type: 'confirm' }, clock);
      assert.equal(deriveState(target).status, 'confirmed');
    });
  });
});
