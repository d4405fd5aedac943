// What a Chinese team types into search (issue 15 point 6, issue 17 deliver 4): Chinese names of
// kinds, priorities and statuses in queries and filters, in Simplified and Traditional; `from:`
// the sender, `to:` a recipient, `mentions:` anyone named; Traditional and Simplified records
// found by either script; previews from what people wrote, never the index's labels. Both engines.
import assert from 'node:assert/strict';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import { deriveState } from '../../../src/domain/status';
import { compactEngine } from '../../../src/search/compactEngine';
import { lunrEngine } from '../../../src/search/lunrEngine';
import type { SearchOptions } from '../../../src/search/searchApi';
import { toSearchDoc } from '../../../src/search/searchDoc';
import { SearchIndex } from '../../../src/search/searchIndex';
import { analyzeTerms } from '../../../src/search/tokenizer';

const AT = '2026-12-02T05:09:00.000Z';

function ev(id: string, type: RecordEvent['type'], actor: string, department: string, extra: Partial<RecordEvent> = {}): RecordEvent {
  return { id, type, actor, actorDepartment: department, at: AT, ...extra };
}

function rec(partial: Partial<LiaisonRecord> & { id: string; title: string }): LiaisonRecord {
  return {
    kind: 'internal-message',
    space: 'internal',
    body: '',
    fields: {},
    createdBy: '王芳',
    createdAt: AT,
    events: [ev(`${partial.id}-sent`, 'sent', partial.createdBy ?? '王芳', partial.createdBy === '李明' ? '研发部' : '产品部')],
    ...partial,
  };
}

/** A collaboration request as the template writes it: a table with its `*` headers, an empty row, help comments. */
const TEMPLATE_BODY = [
  '## 背景与目标',
  '',
  '<!-- 写明项目背景和要达成的目标 -->',
  '会员系统二期需要测试部配合联调，**12 月 10 日**前完成回归。',
  '',
  '## 参与部门与分工',
  '',
  '| 部门 * | 对接人 * | 职责 * |',
  '| --- | --- | --- |',
  '| 测试部 | 赵强 | 回归测试 |',
  '|  |  |  |',
  '',
  '## 里程碑',
  '',
  '| 里程碑 * | 截止 * | 负责人 |',
  '| --- | --- | --- |',
  '|  |  |  |',
].join('\n');

const RECORDS: LiaisonRecord[] = [
  rec({
    id: 'W-1',
    kind: 'collaboration-request',
    title: '关于会员系统二期联调的协作请求-产品部',
    body: TEMPLATE_BODY,
    fields: {
      sender: '王芳',
      recipients: ['测试部'],
      audience: ['测试部'],
      project: '会员系统二期',
      stage: '联调',
      priority: 'urgent',
      deadline: '2026-12-02 13:09',
    },
  }),
  rec({
    id: 'W-2',
    title: '关于发票导出的问题反馈',
    body: '## 背景\n\n李明发现发票导出缺少税号。\n\n## 行动\n\n请李明确认修复时间。',
    fields: {
      sender: '王芳',
      recipients: ['李明'],
      audience: ['李明'],
      type: 'issue-feedback',
      priority: 'medium',
      deadline: '2026-12-03 18:00',
    },
    events: [
      ev('W-2-sent', 'sent', '王芳', '产品部'),
      ev('W-2-a', 'accepted', '李明', '研发部'),
      ev('W-2-d', 'delivered', '李明', '研发部', { note: '已修复并上线' }),
    ],
  }),
  rec({
    id: 'W-3',
    title: '關於客戶溝通會議的安排-業務部',
    body: '## 背景\n\n下週與客戶溝通報價，請王芳準備資料。',
    createdBy: '李明',
    fields: { sender: '李明', recipients: ['王芳'], audience: ['王芳'], type: 'collaboration-request', priority: 'high' },
    events: [
      ev('W-3-sent', 'sent', '李明', '研发部'),
      ev('W-3-a', 'accepted', '王芳', '产品部'),
      ev('W-3-s', 'status', '王芳', '产品部', { note: '資料準備中' }),
    ],
  }),
  rec({
    id: 'W-4',
    kind: 'emergency',
    title: '关于支付网关故障的紧急处理-运维部',
    body: '## 事件描述\n\n支付网关 502，影响全部线上支付。\n\n## 已采取措施\n\n已切换备用通道。',
    createdBy: '李明',
    fields: {
      sender: '李明',
      recipients: ['运维部'],
      owner: '张伟',
      audience: ['运维部', '张伟'],
      impact: '全部线上支付',
      recovery: '2026-12-02 15:00',
    },
  }),
  rec({
    id: 'W-5',
    title: '季度沟通计划',
    body: '## 背景\n\n整理本季度各部门沟通安排。',
    fields: { sender: '王芳', recipients: ['全体员工'], audience: ['全体员工'], type: 'notice', priority: 'low' },
  }),
];

for (const engine of [compactEngine, lunrEngine]) {
  describe(`search words (${engine.id} engine)`, () => {
    let index: SearchIndex;
    before(async () => {
      index = await SearchIndex.open(undefined, { engine });
      await index.upsert(RECORDS.map((record) => toSearchDoc(record, (r) => deriveState(r).status)));
    });
    after(() => index.close());

    const ids = async (query: string, options: SearchOptions = {}): Promise<string[]> =>
      (await index.search(query, options)).hits.map((hit) => hit.id).sort();

    it('紧急, 緊急 and urgent find the urgent records (an emergency is urgent without a priority field)', async () => {
      assert.deepEqual(await ids('urgent'), ['W-1', 'W-4']);
      assert.deepEqual(await ids('紧急'), ['W-1', 'W-4']);
      assert.deepEqual(await ids('緊急'), ['W-1', 'W-4']);
      assert.deepEqual(await ids('priority:紧急'), ['W-1', 'W-4']);
      assert.deepEqual(await ids('priority:緊急'), ['W-1', 'W-4']);
      assert.deepEqual(await ids('priority:high'), ['W-3']);
      assert.deepEqual(await ids('priority:高'), ['W-3']);
    });

    it('status: takes a status, its Chinese label in either script, or another tool’s word', async () => {
      assert.deepEqual(await ids('status:已交付'), ['W-2']);
      assert.deepEqual(await ids('status:delivered'), ['W-2']);
      assert.deepEqual(await ids('status:处理中'), ['W-3']);
      assert.deepEqual(await ids('status:處理中'), ['W-3']);
      assert.deepEqual(await ids('status:"In progress"'), ['W-3']);
      assert.deepEqual(await ids('status:已发送'), ['W-1', 'W-4', 'W-5']);
      assert.deepEqual(await ids('发票', { filters: { status: ['已交付'] } }), ['W-2']);
      // As words too: the status label is indexed with the record.
      assert.deepEqual(await ids('已交付'), ['W-2']);
    });

    it('kind: takes a kind or its name; kind names and types are words of the record too', async () => {
      assert.deepEqual(await ids('kind:跨部门协作请求'), ['W-1']);
      assert.deepEqual(await ids('kind:协作请求'), ['W-1']);
      assert.deepEqual(await ids('kind:紧急事务'), ['W-4']);
      assert.deepEqual(await ids('kind:緊急事務'), ['W-4']);
      assert.deepEqual(await ids('kind:Emergency'), ['W-4']);
      assert.deepEqual(await ids('kind:emergency'), ['W-4']);
      assert.deepEqual(await ids('问题反馈'), ['W-2']);
      assert.deepEqual(await ids('協作請求'), ['W-1', 'W-3']);
    });

    it('from: is the sender (or her department), not anyone named; mentions: is anyone named; to: a recipient', async () => {
      // W-2 is from 王芳 and names 李明 throughout; 李明 sent W-3 and W-4.
      assert.deepEqual(await ids('from:李明'), ['W-3', 'W-4']);
      assert.deepEqual(await ids('from:王芳'), ['W-1', 'W-2', 'W-5']);
      assert.deepEqual(await ids('from:研发部'), ['W-3', 'W-4']);
      assert.deepEqual(await ids('mentions:李明'), ['W-2', 'W-3', 'W-4']);
      assert.deepEqual(await ids('to:李明'), ['W-2']);
      assert.deepEqual(await ids('to:张伟'), ['W-4']);
      assert.deepEqual(await ids('发票 from:李明'), []);
      assert.deepEqual(await ids('from:李'), [], 'a whole name, when not typing');
      assert.deepEqual(await ids('from:李', { typing: true }), ['W-3', 'W-4'], 'a prefix while typing');
    });

    it('Traditional and Simplified find each other: 溝通 finds 沟通 and back, in titles and bodies', async () => {
      assert.deepEqual(analyzeTerms('溝通會議'), analyzeTerms('沟通会议'));
      assert.deepEqual(await ids('溝通'), ['W-3', 'W-5']);
      assert.deepEqual(await ids('沟通'), ['W-3', 'W-5']);
      assert.deepEqual(await ids('准备资料'), ['W-3']);
      const [hit] = (await index.search('沟通会议')).hits;
      assert.equal(hit.id, 'W-3');
      const [start, end] = hit.titleHighlights[0];
      assert.equal(hit.title.slice(start, end), '溝通會議', 'the highlight lies on the text as written');
    });

    it('previews come from what people wrote: no table markup, star marks, dates, priorities or kinds', async () => {
      const [byLabel] = (await index.search('紧急 会员')).hits;
      assert.equal(byLabel.id, 'W-1');
      for (const hit of (await index.search('urgent')).hits.concat((await index.search('会员')).hits)) {
        assert.doesNotMatch(hit.snippet, /---|\*|\||2026-12-02|13:09|urgent|collaboration-request|背景与目标|部门 \*/, hit.snippet);
        assert.doesNotMatch(hit.snippet, /写明项目背景/, 'help comments are not the author’s words');
      }
      assert.match(byLabel.snippet, /^会员系统二期需要测试部配合联调，12 月 10 日前完成回归。/);
      const [row] = (await index.search('回归测试')).hits;
      assert.match(row.snippet, /测试部 · 赵强 · 回归测试/);
      const [note] = (await index.search('上线')).hits;
      assert.equal(note.id, 'W-2');
      assert.match(note.snippet, /已修复并上线/);
    });
  });
}
