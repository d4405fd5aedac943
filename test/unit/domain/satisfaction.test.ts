// The client's satisfaction, given when an external request is closed: checked by the closed
// loop, kept by the store only when it is a whole number 1..5, shown in the record's history and
// read by the monthly report.
import { strict as assert } from 'node:assert';
import * as Y from 'yjs';
import { ManualClock } from '../../../src/domain/clock';
import { checkAction, performAction, LifecycleError } from '../../../src/domain/lifecycle';
import type { LiaisonRecord } from '../../../src/domain/record';
import { recordToMarkdown } from '../../../src/render/recordMarkdown';
import { appendEvent, findRecordMap, getRecord, putRecord } from '../../../src/store/recordsDoc';
import { ev, fixtureRecords } from './reportFixture';

const author = { name: '陈静', department: '客户成功部' };

/** R2 of the fixture, delivered and confirmed but not closed yet. */
function readyToClose(): LiaisonRecord {
  const record = fixtureRecords().find((candidate) => candidate.id === 'R2') as LiaisonRecord;
  return { ...record, events: record.events.filter((event) => event.type !== 'archived') };
}

/** An internal request in the same state. */
function internalReadyToClose(): LiaisonRecord {
  return {
    id: 'M1',
    kind: 'internal-message',
    space: 'internal',
    title: '内部请求',
    fields: { type: 'collaboration-request', audience: ['李明'] },
    body: '',
    createdBy: '陈静',
    createdAt: '2026-05-01T00:00:00.000Z',
    events: [
      ev('sent', '陈静', '2026-05-01 09:00'),
      ev('accepted', '李明', '2026-05-01 10:00'),
      ev('delivered', '李明', '2026-05-02 10:00'),
      ev('confirmed', '陈静', '2026-05-02 11:00'),
    ],
  };
}

describe('client satisfaction on closing an external request', () => {
  const clock = new ManualClock('2026-05-20T10:00:00.000Z');

  it('closing may carry a score 1..5 and a comment, on the archived event', () => {
    const event = performAction(readyToClose(), { type: 'archive', satisfaction: 5, satisfactionComment: '  很满意  ' }, author, clock);
    assert.equal(event.type, 'archived');
    assert.equal(event.satisfaction, 5);
    assert.equal(event.satisfactionComment, '很满意');
    const skipped = performAction(readyToClose(), { type: 'archive' }, author, clock);
    assert.equal(skipped.satisfaction, undefined, 'the score is optional');
  });

  it('refuses a score outside 1..5 or not whole, in both languages', () => {
    for (const score of [0, 6, 3.5, Number.NaN]) {
      const why = checkAction(readyToClose(), { type: 'archive', satisfaction: score }, author);
      assert.ok(why, `score ${score}`);
      assert.match(why.en, /whole number from 1 \(very dissatisfied\) to 5 \(very satisfied\)/);
      assert.match(why.zh, /满意度须为 1 到 5 的整数/);
    }
    assert.throws(() => performAction(readyToClose(), { type: 'archive', satisfaction: 9 }, author, clock), LifecycleError);
  });

  it('refuses a score on a record that is not an external request, or on another action', () => {
    const why = checkAction(internalReadyToClose(), { type: 'archive', satisfaction: 4 }, author);
    assert.match(why?.en ?? '', /Only an external request records the client's satisfaction/);
    assert.match(why?.zh ?? '', /只有外部对接请求/);
    assert.equal(checkAction(internalReadyToClose(), { type: 'archive' }, author), undefined, 'closing it without a score is fine');
    const onConfirm = checkAction(readyToClose(), { type: 'confirm', satisfaction: 4 }, author);
    assert.match(onConfirm?.en ?? '', /only when closing/);
  });

  it('the store keeps a valid score and drops one that is not a whole number 1..5', () => {
    const doc = new Y.Doc();
    const record = readyToClose();
    putRecord(doc, record);
    appendEvent(doc, record.id, { ...ev('archived', '陈静', '2026-05-20 10:00'), satisfaction: 4, satisfactionComment: 'ok' });
    appendEvent(doc, record.id, { ...ev('reopened', '陈静', '2026-05-21 10:00'), reason: 'x', satisfaction: 7 });
    // A hostile or old peer writes straight into the document: a string and a fraction.
    const events = (findRecordMap(doc, record.id) as Y.Map<unknown>).get('events') as Y.Array<unknown>;
    events.push([{ id: 'h1', type: 'archived', actor: '陈静', at: '2026-05-22T10:00:00.000Z', satisfaction: '5', satisfactionComment: 3 }]);
    events.push([{ id: 'h2', type: 'archived', actor: '陈静', at: '2026-05-23T10:00:00.000Z', satisfaction: 4.5 }]);
    const stored = getRecord(doc, record.id)?.events ?? [];
    const archived = stored.filter((event) => event.type === 'archived');
    assert.deepEqual(
      archived.map((event) => [event.satisfaction, event.satisfactionComment]),
      [
        [4, 'ok'],
        [undefined, undefined],
        [undefined, undefined],
      ],
    );
    assert.equal(stored.find((event) => event.type === 'reopened')?.satisfaction, undefined);
    const raw = events.toArray() as Record<string, unknown>[];
    assert.equal(
      'satisfaction' in (raw.find((event) => event.type === 'reopened') ?? {}),
      false,
      'an out-of-range score is not even written',
    );
    assert.equal(raw.find((event) => event.type === 'archived')?.satisfaction, 4);
  });

  it("the record's history shows the score and the comment", () => {
    const record = readyToClose();
    record.events.push({ ...ev('archived', '陈静', '2026-05-20 10:00'), satisfaction: 4, satisfactionComment: '响应及时' });
    assert.match(recordToMarkdown(record, 'zh'), /陈静 关闭归档 — 客户满意度 4\/5 ★★★★☆; 评价: 响应及时/);
    assert.match(recordToMarkdown(record, 'en'), /陈静 closed it — client satisfaction 4\/5 ★★★★☆; comment: 响应及时/);
  });
});
