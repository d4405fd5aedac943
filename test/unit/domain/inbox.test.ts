// The inbox: what is pending for a person, with the reason, the due and the arbiter, one query for
// every view. A dispute waits for the project lead (the record's `lead`, else the author's
// department head) like anything else in the inbox; each record's facts are derived once per
// version of the record, however many views ask.
import { strict as assert } from 'node:assert';
import { WorkCalendar } from '../../../src/domain/calendar';
import { ManualClock } from '../../../src/domain/clock';
import { InboxCache, arbiterOf } from '../../../src/domain/inbox';
import type { InboxRules } from '../../../src/domain/inbox';
import { performAction } from '../../../src/domain/lifecycle';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';
import type { Identity, LiaisonRecord } from '../../../src/domain/record';

const wang: Identity = { name: '王芳', department: '产品部' };
const li: Identity = { name: '李明', department: '研发部' };
const zhang: Identity = { name: '张伟', department: '研发部' };
const zhao: Identity = { name: '赵敏', department: '测试部' };
const heads: Record<string, string> = { 王芳: '张伟', 李明: '张伟' };
const rules: InboxRules = {
  policy: DEFAULT_POLICY,
  calendar: new WorkCalendar(DEFAULT_POLICY.calendar),
  headOf: (name) => heads[name],
};

// Sent Monday 2026-05-18 09:00 Shanghai, high priority: an answer is due within 2 working hours.
function request(id: string, fields: LiaisonRecord['fields'] = {}): LiaisonRecord {
  return {
    id,
    kind: 'collaboration-request',
    space: 'internal',
    title: `request ${id}`,
    fields: { sender: '王芳', recipients: ['李明'], audience: ['李明'], priority: 'high', ...fields },
    body: '',
    createdBy: '王芳',
    createdAt: '2026-05-18T01:00:00.000Z',
    events: [{ id: `${id}-sent`, type: 'sent', actor: '王芳', at: '2026-05-18T01:00:00.000Z' }],
  };
}

function act(record: LiaisonRecord, actor: Identity, type: 'accept' | 'deliver' | 'dispute', at: string): LiaisonRecord {
  const event = performAction(record, { type, reason: 'the export lacks the tax id' }, actor, new ManualClock(at));
  return { ...record, events: [...record.events, event] };
}

/** Accepted and delivered by 李明, then disputed by 王芳. */
function disputed(id: string, fields: LiaisonRecord['fields'] = {}): LiaisonRecord {
  let record = act(request(id, fields), li, 'accept', '2026-05-18T01:30:00.000Z');
  record = act(record, li, 'deliver', '2026-05-18T03:00:00.000Z');
  return act(record, wang, 'dispute', '2026-05-18T04:00:00.000Z');
}

const now = new Date('2026-05-18T06:00:00.000Z');

describe('inbox', () => {
  it('lists a dispute for the project lead named in the record, with the reason arbitrate', () => {
    const inbox = new InboxCache(() => rules);
    const record = disputed('r-lead', { lead: '赵敏' });
    const [entry] = inbox.pending([record], zhao, now);
    assert.equal(entry?.record, record);
    assert.equal(entry.reason, 'arbitrate');
    assert.equal(entry.arbiter, '赵敏');
    assert.equal(entry.due, undefined, 'a dispute has no response due');
    assert.deepEqual(inbox.pending([record], zhang, now), [], 'the department head is not the lead when the record names one');
  });

  it('without a lead, the author’s department head arbitrates', () => {
    const inbox = new InboxCache(() => rules);
    const record = disputed('r-head');
    assert.equal(arbiterOf(record, rules.headOf), '张伟');
    assert.deepEqual(
      inbox.pending([record], zhang, now).map((entry) => [entry.reason, entry.arbiter]),
      [['arbitrate', '张伟']],
    );
    assert.deepEqual(inbox.pending([record], li, now), [], 'whoever delivered does not arbitrate');
  });

  it('says what is due, from whom, and whether it is overdue', () => {
    const inbox = new InboxCache(() => rules);
    const record = request('r-due');
    const early = inbox.entry(record, li, new Date('2026-05-18T01:30:00.000Z'));
    assert.equal(early?.reason, 'answer');
    assert.equal(early.due?.stage, 'respond');
    assert.deepEqual(early.due?.owedBy, ['李明']);
    assert.equal(early.overdue, false);
    const late = inbox.entry(record, li, now);
    assert.equal(late?.due?.status.state, 'breached');
    assert.equal(late.overdue, true);
    assert.equal(inbox.entry(record, wang, now), undefined, 'nothing waits for the author');
  });

  it('derives each record once per version, however many views ask', () => {
    let current = rules;
    const inbox = new InboxCache(() => current);
    const records = [request('r-1'), request('r-2'), disputed('r-3')];
    // The Pending tree, its badge, the status bar and the notifications ask in turn.
    for (let view = 0; view < 4; view++) inbox.pending(records, li, now);
    inbox.entry(records[0], li, now);
    assert.equal(inbox.derivations, 3);
    // The replica hands out new objects after any change; only the record that changed is derived again.
    const next = records.map((record) => ({ ...record, fields: { ...record.fields } }));
    next[1] = act(next[1], li, 'accept', '2026-05-18T02:00:00.000Z');
    assert.deepEqual(
      inbox.pending(next, li, now).map((entry) => entry.record.id),
      ['r-1', 'r-2'],
    );
    assert.equal(inbox.derivations, 4);
    // Other rules (a new policy, another directory) derive everything again.
    current = { ...rules, headOf: () => undefined };
    inbox.pending(next, li, now);
    assert.equal(inbox.derivations, 7);
  });
});
