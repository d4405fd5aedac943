// Records for the server benchmark: realistic internal messages (the record model of
// docs/design.md, "Records in the document", written with the store's own `putRecord`), about 2.6 KB of Yjs state each, so 100k records are about the
// 262 MB of state the issue measured. Deterministic: record i is the same in every run.
import type * as Y from 'yjs';
import type { LiaisonRecord, RecordEvent } from '../../src/domain/record';
import { putRecord } from '../../src/store/recordsDoc';

const people = ['王芳', '李明', '张伟', '陈静', '刘洋', '赵磊', '孙丽', '周杰'];
const departments = ['产品部', '研发部', '运营部', '客服部', '财务部', '市场部'];
const topics = ['支付接口延迟', '季度需求评审', '客户付款条款变更', '发布窗口调整', '数据迁移方案', '服务器扩容'];

const paragraph =
  '昨晚起支付回调平均延迟八秒，客服已收到十二起投诉，影响华东区域的大部分商户。' +
  '需要在今天下班前确定是否回滚上一版本的回调改动，并同步给所有受影响的客户经理。' +
  '产品侧评估影响范围，研发准备回滚方案与验证步骤，运营负责对外口径与补偿策略。';

function event(i: number, n: number, type: RecordEvent['type'], actor: string, note?: string): RecordEvent {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000 + n * 3_600_000).toISOString();
  return { id: `E-${i}-${n}`, type, actor, actorDepartment: departments[(i + n) % departments.length], at, ...(note ? { note } : {}) };
}

/** Record number `i` of the benchmark space. */
export function benchRecord(i: number, space: string): LiaisonRecord {
  const from = people[i % people.length];
  const to = [people[(i + 1) % people.length], people[(i + 3) % people.length]];
  const topic = topics[i % topics.length];
  return {
    id: `R-bench-${String(i).padStart(7, '0')}`,
    kind: 'internal-message',
    space,
    title: `关于${topic}的协作请求-${departments[i % departments.length]}-${i}`,
    fields: {
      sender: from,
      recipients: to,
      type: 'collaboration-request',
      priority: ['urgent', 'high', 'medium', 'low'][i % 4],
      deadline: `2026-0${1 + (i % 9)}-1${i % 10} 18:00`,
      copyTo: [departments[(i + 2) % departments.length]],
    },
    body: `## 背景\n\n${paragraph}\n\n## 目标\n\n${paragraph.slice(0, 80)}（编号 ${i}）\n\n## 行动\n\n${paragraph.slice(40)}\n\n## 风险与应对\n\n${paragraph}${paragraph.slice(0, 60)}\n`,
    createdBy: from,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    events: [
      event(i, 0, 'sent', from),
      event(i, 1, 'read', to[0]),
      event(i, 2, 'read', to[1]),
      event(i, 3, 'accepted', to[0], '收到，今天内给出评估结果。'),
      event(i, 4, 'status', to[0], '已完成影响范围评估，回滚方案评审中。'),
    ],
  };
}

/** A document holding records [from, to), one transaction per record (as records are sent). */
export function fillBenchDoc(doc: Y.Doc, from: number, to: number, space: string): void {
  for (let i = from; i < to; i++) putRecord(doc, benchRecord(i, space));
}
