// The demo space: a handful of realistic records around one person (王芳, 产品部), so a first
// look at Liaison shows both trees filled: things waiting for her, things she sent and who read them.
import { formatDateTime } from '../domain/draft';
import { newEventId } from '../domain/ids';
import type { DirectoryData } from '../domain/directory';
import type { LiaisonRecord, RecordEvent } from '../domain/record';

export const DEMO_USER = { name: '王芳', department: '产品部' };
export const DEMO_PEOPLE = [
  DEMO_USER,
  { name: '李明', department: '研发部' },
  { name: '张伟', department: '运营部' },
  { name: '陈静', department: '客服部' },
];

/**
 * The demo team's directory: its people with titles, their departments and heads, so "Pick a
 * recipient from the directory" and escalations to a head work in the demo from the start.
 */
export const DEMO_DIRECTORY: DirectoryData = {
  people: [
    { name: '王芳', department: '产品部', title: '产品经理' },
    { name: '李明', department: '研发部', title: '研发经理' },
    { name: '赵强', department: '研发部', title: '后端工程师' },
    { name: '张伟', department: '运营部', title: '运营主管' },
    { name: '陈静', department: '客服部', title: '客服主管' },
    { name: '刘洋', department: '产品部', title: '产品总监' },
  ],
  departments: [
    { name: '产品部', head: '刘洋' },
    { name: '研发部', head: '李明' },
    { name: '运营部', head: '张伟' },
    { name: '客服部', head: '陈静' },
  ],
};

interface Sample {
  id: string;
  title: string;
  from: string;
  to: string[];
  type: string;
  priority: string;
  /** Hours from now. */
  sentHoursAgo: number;
  dueInHours: number;
  readBy: string[];
  body: [string, string, string];
}

const SAMPLES: Sample[] = [
  {
    id: 'R-demo-0001',
    title: '关于支付接口延迟问题的排查请求-待处理',
    from: '李明',
    to: ['王芳'],
    type: 'collaboration-request',
    priority: 'urgent',
    sentHoursAgo: 1,
    dueInHours: 3,
    readBy: [],
    body: [
      '昨晚起支付回调平均延迟 8 秒，客服已收到 12 起投诉。',
      '今天 18:00 前确定是否回滚 v2.3 的回调改动。',
      '王芳确认产品侧影响范围；李明准备回滚方案。',
    ],
  },
  {
    id: 'R-demo-0002',
    title: 'Q4 roadmap review: agenda ready for comments',
    from: '张伟',
    to: ['产品部'],
    type: 'notice',
    priority: 'medium',
    sentHoursAgo: 20,
    dueInHours: 30,
    readBy: [],
    body: [
      'The Q4 roadmap review is next Tuesday.',
      'Every department comments on the agenda beforehand.',
      'Product adds its three priorities to the agenda by Monday 12:00.',
    ],
  },
  {
    id: 'R-demo-0003',
    title: '关于客户ACME付款条款变更的确认-待回复',
    from: '陈静',
    to: ['王芳', '张伟'],
    type: 'issue-feedback',
    priority: 'high',
    sentHoursAgo: 5,
    dueInHours: 20,
    readBy: ['王芳'],
    body: ['ACME 要求把付款周期从 30 天改为 45 天。', '本周内给客户明确答复。', '王芳评估对交付排期的影响；张伟确认财务口径。'],
  },
  {
    id: 'R-demo-0004',
    title: '关于Q3产品迭代需求评审会的安排-产品部',
    from: '王芳',
    to: ['李明', '张伟', '陈静'],
    type: 'notice',
    priority: 'medium',
    sentHoursAgo: 26,
    dueInHours: 48,
    readBy: ['李明', '陈静'],
    body: ['Q3 迭代需求已收齐，共 23 条。', '周五前完成评审并确定排期。', '各部门负责人周四 18:00 前阅读需求文档并准备意见。'],
  },
  {
    id: 'R-demo-0005',
    title: 'Release window moved to Thursday 22:00: please confirm',
    from: '王芳',
    to: ['研发部'],
    type: 'notice',
    priority: 'high',
    sentHoursAgo: 3,
    dueInHours: 24,
    readBy: [],
    body: [
      'Operations asked to avoid Wednesday night.',
      'Every team deploys inside the new window.',
      'R&D confirms the plan by tomorrow 12:00.',
    ],
  },
];

function event(type: RecordEvent['type'], actor: string, at: Date): RecordEvent {
  const person = DEMO_PEOPLE.find((p) => p.name === actor);
  return { id: newEventId(), type, actor, actorDepartment: person?.department, at: at.toISOString() };
}

export function demoRecords(now: Date, space = 'internal'): LiaisonRecord[] {
  const hours = (h: number): Date => new Date(now.getTime() + h * 3600_000);
  return SAMPLES.map((sample) => {
    const sentAt = hours(-sample.sentHoursAgo);
    const events = [event('sent', sample.from, sentAt)];
    sample.readBy.forEach((reader, index) => events.push(event('read', reader, hours(-sample.sentHoursAgo + 0.2 * (index + 1)))));
    const [background, goal, action] = sample.body;
    const zh = /[\u4e00-\u9fff]/.test(sample.title);
    const headings = zh ? ['背景', '目标', '行动'] : ['Background', 'Goal', 'Action'];
    return {
      id: sample.id,
      kind: 'internal-message',
      space,
      title: sample.title,
      fields: {
        sender: sample.from,
        recipients: sample.to,
        type: sample.type,
        priority: sample.priority,
        deadline: formatDateTime(hours(sample.dueInHours)),
      },
      body: `## ${headings[0]}\n\n${background}\n\n## ${headings[1]}\n\n${goal}\n\n## ${headings[2]}\n\n${action}\n`,
      createdBy: sample.from,
      createdAt: sentAt.toISOString(),
      events,
    };
  });
}
