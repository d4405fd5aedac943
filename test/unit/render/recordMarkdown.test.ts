import { strict as assert } from 'node:assert';
import type { LiaisonRecord } from '../../../src/domain/record';
import { createMarkdownRenderer } from '../../../src/render/recordHtml';
import { localTime, recordToMarkdown } from '../../../src/render/recordMarkdown';

const record: LiaisonRecord = {
  id: 'R-20261121-abcdefgh',
  kind: 'internal-message',
  space: 'internal',
  title: '关于发布窗口的通知-已确定',
  fields: { sender: '王芳', recipients: ['李明', '研发部'], type: 'notice', priority: 'high', deadline: '2026-11-23 18:00', extra: 'a|b' },
  body: '## 背景\n\n发布窗口调整。<script>alert(1)</script><img src=x onerror=alert(2)>\n',
  createdBy: '王芳',
  createdAt: '2026-11-21T01:00:00.000Z',
  events: [
    { id: 'E-1', type: 'sent', actor: '王芳', at: '2026-11-21T01:00:00.000Z' },
    { id: 'E-2', type: 'read', actor: '赵强', actorDepartment: '研发部', at: '2026-11-21T02:30:00.000Z' },
  ],
};

describe('record view rendering', () => {
  it('shows every field with its label and option label, in the chosen language', () => {
    const zh = recordToMarkdown(record, 'zh');
    assert.match(zh, /^# 关于发布窗口的通知-已确定$/m);
    assert.match(zh, /\| 接收人 \| 李明, 研发部 \|/);
    assert.match(zh, /\| 类型 \| 通知 \|/);
    assert.match(zh, /\| 优先级 \| 高 \|/);
    assert.match(zh, /\| extra \| a\\\|b \|/, 'unknown fields are kept, pipes escaped');
    const en = recordToMarkdown(record, 'en');
    assert.match(en, /\| Priority \| High \|/);
    assert.match(en, /## Read receipts \(1\/2\)/);
    assert.match(en, /- ✅ 研发部 \(赵强\) — read 2026-11-21 10:30/);
    assert.match(en, /- ⏳ 李明 — not read yet/);
  });

  it('never passes raw HTML from a record through to the webview', () => {
    const html = createMarkdownRenderer()(recordToMarkdown(record, 'en'));
    assert.doesNotMatch(html, /<script>/);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<table>/);
  });

  it('shows times in the team time zone and leaves a bad value as it is', () => {
    assert.equal(localTime('2026-11-21T16:30:00Z'), '2026-11-22 00:30');
    assert.equal(localTime('not a time'), 'not a time');
  });
});
