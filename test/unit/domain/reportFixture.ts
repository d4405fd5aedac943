// The monthly report's hand-checked fixture, shared by the domain test (report.test.ts) and the
// command-line test (test/unit/cli/report.test.ts): eleven records over April and May 2026, a
// tiny policy on a UTC calendar (Mon–Fri 09:00–17:00, so working hours are easy to count by
// hand), and a directory. The expected figures are in report.test.ts with their arithmetic.
import type { DirectoryData } from '../../../src/domain/directory';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';

/** One working calendar in UTC; rules: urgent 30 min wall, notices 2 working hours, knowledge none, else 4 working hours. */
export const POLICY_YAML = `useDefaults: false
rules:
  - id: urgent
    priority: urgent
    target: 30m
    clock: wall
  - id: notice
    kind: internal-notice
    target: 2h
  - id: knowledge
    kind: knowledge-entry
    target: none
  - id: normal
    target: 4h
calendar:
  timeZone: UTC
  workdays: [mon, tue, wed, thu, fri]
  hours: ["09:00-17:00"]
`;

export const DIRECTORY: DirectoryData = {
  people: [
    { name: '王芳', department: '产品部' },
    { name: '李明', department: '研发部' },
    { name: '张伟', department: '研发部' },
    { name: '陈静', department: '客户成功部' },
    { name: '赵强', department: '运维部' },
  ],
  departments: [{ name: '研发部', head: '李明' }, { name: '运维部', head: '赵强' }, { name: '产品部' }, { name: '客户成功部' }],
};

const DEPARTMENT: Record<string, string> = Object.fromEntries(DIRECTORY.people.map((person) => [person.name, person.department as string]));

let counter = 0;
/** An event as the extension writes it (with the actor's department). `at` is UTC `YYYY-MM-DD HH:mm`. */
export function ev(type: RecordEvent['type'], actor: string, at: string, extra: Partial<RecordEvent> = {}): RecordEvent {
  counter++;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(at) ? `${at.replace(' ', 'T')}:00.000Z` : at;
  return { id: `e${String(counter).padStart(3, '0')}`, type, actor, actorDepartment: DEPARTMENT[actor], at: iso, ...extra };
}

function rec(
  id: string,
  kind: string,
  title: string,
  createdBy: string,
  fields: Record<string, string | string[]>,
  events: RecordEvent[],
): LiaisonRecord {
  return {
    id,
    kind,
    space: 'internal',
    title,
    fields: { sender: createdBy, ...fields },
    body: '',
    createdBy,
    createdAt: events[0]?.at ?? '2026-04-01T00:00:00.000Z',
    events,
  };
}

const request = { type: 'collaboration-request' };

export function fixtureRecords(): LiaisonRecord[] {
  counter = 0;
  return [
    // May.
    rec(
      'R1',
      'internal-message',
      'Q3 接口联调',
      '王芳',
      { ...request, priority: 'high', recipients: ['李明', '张伟'], audience: ['李明', '张伟'] },
      [
        ev('sent', '王芳', '2026-05-04 09:00'),
        ev('read', '李明', '2026-05-04 09:30'),
        ev('accepted', '李明', '2026-05-04 10:00'),
        // No read receipt: the decline itself shows he saw it.
        ev('declined', '张伟', '2026-05-04 15:00', { reason: '排期已满', alternative: '下周一开始' }),
      ],
    ),
    rec(
      'R2',
      'external-request',
      'ACME 付款条款',
      '陈静',
      { counterpartType: 'client', owner: '李明', priority: 'medium', audience: ['李明'] },
      [
        ev('sent', '陈静', '2026-05-05 16:00'),
        ev('accepted', '李明', '2026-05-06 11:00'),
        ev('delivered', '李明', '2026-05-18 10:00'),
        ev('confirmed', '陈静', '2026-05-19 10:00'),
        ev('archived', '陈静', '2026-05-20 10:00', { satisfaction: 4, satisfactionComment: '响应及时' }),
      ],
    ),
    rec(
      'R3',
      'external-request',
      'Globex outage, "priority" fix',
      '陈静',
      { counterpartType: 'client', owner: '张伟', priority: 'urgent', audience: ['张伟'] },
      [
        ev('sent', '陈静', '2026-05-09 10:00'),
        ev('accepted', '张伟', '2026-05-09 10:20'),
        ev('delivered', '张伟', '2026-05-22 10:00'),
        ev('confirmed', '陈静', '2026-05-22 11:00'),
        ev('archived', '陈静', '2026-05-25 09:00', { satisfaction: 2, satisfactionComment: '交付慢, "再改进"' }),
      ],
    ),
    rec(
      'R4',
      'internal-notice',
      '五一值班安排',
      '王芳',
      {
        department: '产品部',
        priority: 'medium',
        recipients: ['研发部'],
        confirmers: ['李明', '陈静'],
        audience: ['研发部', '李明', '陈静'],
      },
      [ev('sent', '王芳', '2026-05-14 16:00'), ev('read', '李明', '2026-05-14 16:20'), ev('confirmed', '李明', '2026-05-14 16:30')],
    ),
    rec('R5', 'collaboration-request', '监控告警阈值调整', '王芳', { priority: 'low', recipients: ['运维部'], audience: ['运维部'] }, [
      ev('sent', '王芳', '2026-05-29 15:00'),
    ]),
    // Sent in April, due in May.
    rec('R6', 'internal-message', '发布窗口确认', '王芳', { ...request, priority: 'medium', recipients: ['赵强'], audience: ['赵强'] }, [
      ev('sent', '王芳', '2026-04-30 16:00'),
      ev('read', '赵强', '2026-04-30 16:10'),
      ev('accepted', '赵强', '2026-05-01 13:00'),
    ]),
    rec('R7', 'knowledge-entry', '复盘：回调超时', '王芳', { recipients: ['李明'], audience: ['李明'] }, [
      ev('sent', '王芳', '2026-05-06 09:00'),
      ev('read', '李明', '2026-05-06 09:05'),
    ]),
    rec('R8', 'internal-message', '时间写坏了', '王芳', { ...request, priority: 'high', recipients: ['李明'], audience: ['李明'] }, [
      ev('sent', '王芳', 'not a time'),
    ]),
    // April.
    rec('R9', 'internal-message', '四月需求评审', '王芳', { ...request, priority: 'high', recipients: ['李明'], audience: ['李明'] }, [
      ev('sent', '王芳', '2026-04-06 09:00'),
      ev('read', '李明', '2026-04-06 09:20'),
      ev('accepted', '李明', '2026-04-06 09:30'),
    ]),
    rec('R10', 'internal-message', '日志保留策略', '王芳', { ...request, priority: 'medium', recipients: ['张伟'], audience: ['张伟'] }, [
      ev('sent', '王芳', '2026-04-07 09:00'),
    ]),
    rec(
      'R11',
      'external-request',
      'Initech 数据导出',
      '陈静',
      { counterpartType: 'client', owner: '李明', priority: 'medium', audience: ['李明'] },
      [
        ev('sent', '陈静', '2026-04-08 09:00'),
        ev('accepted', '李明', '2026-04-08 12:00'),
        ev('delivered', '李明', '2026-04-15 10:00'),
        ev('confirmed', '陈静', '2026-04-16 10:00'),
        ev('archived', '陈静', '2026-04-20 10:00', { satisfaction: 5 }),
      ],
    ),
  ];
}
