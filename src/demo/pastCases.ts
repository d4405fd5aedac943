// The demo's history, so a newcomer sees every view filled, not only today's inbox: cases closed in
// each of the last three months (the Archive groups them by month once the shelving pass has moved
// them), a client's request closed with the client's score, two knowledge entries drawn from closed
// cases (Knowledge, and search finding past cases), and a dispute that waits for 王芳 as project
// lead (her Pending, to arbitrate). Times are relative to now, so the demo never goes stale.
import { newEventId } from '../domain/ids';
import type { LiaisonRecord, RecordEvent } from '../domain/record';
import { formatDateTime } from '../domain/draft';
import { DEMO_PEOPLE } from './sampleRecords';

const DAY = 24 * 3600_000;

type Step = [RecordEvent['type'], string, number, Partial<RecordEvent>?];

function events(sentAt: Date, steps: readonly Step[]): RecordEvent[] {
  return steps.map(([type, actor, hoursAfter, extra]) => ({
    id: newEventId(),
    type,
    actor,
    actorDepartment: DEMO_PEOPLE.find((person) => person.name === actor)?.department,
    at: new Date(sentAt.getTime() + hoursAfter * 3600_000).toISOString(),
    ...extra,
  }));
}

/** A request from `from` to `to`, answered, delivered, confirmed and closed `daysAgo` days ago. */
function closedRequest(
  now: Date,
  space: string,
  id: string,
  options: { daysAgo: number; from: string; to: string; title: string; body: string; delivery: string },
): LiaisonRecord {
  const sentAt = new Date(now.getTime() - options.daysAgo * DAY);
  return {
    id,
    kind: 'internal-message',
    space,
    title: options.title,
    fields: {
      sender: options.from,
      recipients: [options.to],
      audience: [options.to],
      type: 'collaboration-request',
      priority: 'high',
      deadline: formatDateTime(new Date(sentAt.getTime() + 2 * DAY)),
    },
    body: options.body,
    createdBy: options.from,
    createdAt: sentAt.toISOString(),
    events: events(sentAt, [
      ['sent', options.from, 0],
      ['read', options.to, 0.5],
      ['accepted', options.to, 1, { note: '今天排期处理' }],
      ['delivered', options.to, 30, { note: options.delivery }],
      ['confirmed', options.from, 32],
      ['archived', options.from, 33],
    ]),
  };
}

export function pastCases(now: Date, space = 'internal'): LiaisonRecord[] {
  const ago = (days: number): Date => new Date(now.getTime() - days * DAY);
  const clientSent = ago(40);
  const disputeSent = ago(3);
  return [
    closedRequest(now, space, 'R-demo-0101', {
      daysAgo: 75,
      from: '王芳',
      to: '李明',
      title: '关于会员积分导出超时问题的处理请求-产品部',
      body: '## 背景\n\n积分导出超过 10 万条时接口超时。\n\n## 目标\n\n导出 50 万条在 1 分钟内完成。\n\n## 行动\n\n李明改为分批异步导出。\n',
      delivery: '已改为异步分批导出，50 万条 42 秒完成',
    }),
    closedRequest(now, space, 'R-demo-0102', {
      daysAgo: 45,
      from: '陈静',
      to: '王芳',
      title: '关于客服工单标签体系调整的确认-客服部',
      body: '## 背景\n\n工单标签过多，统计口径不一。\n\n## 目标\n\n标签收敛到 20 个以内。\n\n## 行动\n\n王芳确认产品侧标签映射表。\n',
      delivery: '映射表已确认，共 18 个标签',
    }),
    closedRequest(now, space, 'R-demo-0103', {
      daysAgo: 15,
      from: '王芳',
      to: '张伟',
      title: '关于双十一活动页流量预案的协作请求-产品部',
      body: '## 背景\n\n双十一预计流量为平日 8 倍。\n\n## 目标\n\n活动页 P99 低于 500 ms。\n\n## 行动\n\n张伟准备扩容与降级预案。\n',
      delivery: '预案已演练两次，P99 310 ms',
    }),
    {
      id: 'R-demo-0104',
      kind: 'external-request',
      space,
      title: '关于艾克美科技报表导出需求的处理结果-客户成功部',
      fields: {
        sender: '陈静',
        counterpartType: 'client',
        counterpart: '艾克美科技',
        contact: '刘总 138 0000 0000',
        owner: '王芳',
        recipients: [],
        audience: ['王芳'],
        priority: 'medium',
        deadline: formatDateTime(new Date(clientSent.getTime() + 5 * DAY)),
        channel: 'email',
      },
      body: '## 需求描述\n\n客户希望按月导出对账报表（Excel）。\n\n## 期望结果\n\n每月 1 日自动生成上月报表。\n',
      createdBy: '陈静',
      createdAt: clientSent.toISOString(),
      events: events(clientSent, [
        ['sent', '陈静', 0],
        ['read', '王芳', 1],
        ['accepted', '王芳', 2],
        ['delivered', '王芳', 70, { note: '已上线月度对账报表' }],
        ['confirmed', '陈静', 75],
        ['archived', '陈静', 76, { satisfaction: 5, satisfactionComment: '很及时，格式正是我们要的' }],
      ]),
    },
    {
      id: 'R-demo-0105',
      kind: 'knowledge-entry',
      space,
      title: '关于会员积分导出超时问题的复盘总结-研发部',
      fields: {
        sender: '李明',
        category: 'technical',
        tags: ['导出', '超时', '异步'],
        source: 'R-demo-0101',
        recipients: ['研发部'],
      },
      body:
        '## 问题\n\n积分导出超过 10 万条时接口超时，客户多次投诉。\n\n## 原因\n\n同步接口一次查询全部数据，单次请求超过网关 60 秒限制。\n\n' +
        '## 解决办法\n\n改为异步任务分批导出，完成后发送下载链接。\n\n## 经验教训\n\n大数据量的导出一律走异步任务，接口设计评审时检查数据量上限。\n',
      createdBy: '李明',
      createdAt: ago(70).toISOString(),
      events: events(ago(70), [['sent', '李明', 0]]),
    },
    {
      id: 'R-demo-0106',
      kind: 'knowledge-entry',
      space,
      title: '关于客户需求变更沟通流程的经验总结-客服部',
      fields: { sender: '陈静', category: 'client', tags: ['客户', '需求变更'], source: 'R-demo-0104', recipients: ['客服部'] },
      body:
        '## 问题\n\n客户口头提出的需求变更没有记录，交付时双方理解不一致。\n\n## 原因\n\n变更只在电话中确认，没有书面的需求确认单。\n\n' +
        '## 解决办法\n\n每次变更发需求确认单，客户书面确认后再排期。\n\n## 经验教训\n\n口头确认不算数：需求、变更和验收都要有书面记录。\n',
      createdBy: '陈静',
      createdAt: ago(30).toISOString(),
      events: events(ago(30), [['sent', '陈静', 0]]),
    },
    {
      id: 'R-demo-0107',
      kind: 'internal-message',
      space,
      title: '关于客服系统自动回复规则的调整请求-客服部',
      fields: {
        sender: '陈静',
        recipients: ['张伟'],
        audience: ['张伟'],
        type: 'collaboration-request',
        priority: 'medium',
        deadline: formatDateTime(new Date(disputeSent.getTime() + 2 * DAY)),
        lead: '王芳',
      },
      body: '## 背景\n\n夜间自动回复答非所问。\n\n## 目标\n\n夜间咨询 80% 命中正确的回复模板。\n\n## 行动\n\n张伟调整关键词规则。\n',
      createdBy: '陈静',
      createdAt: disputeSent.toISOString(),
      events: events(disputeSent, [
        ['sent', '陈静', 0],
        ['read', '张伟', 1],
        ['accepted', '张伟', 2],
        ['delivered', '张伟', 30, { note: '规则已调整，命中率 72%' }],
        ['disputed', '陈静', 40, { reason: '目标是 80%，72% 未达到验收标准' }],
      ]),
    },
  ];
}
