// Records over the two months before `now` for the report's UI test, written straight into a
// client's store folder (the extension opens it offline). Every response is due 30 minutes after
// it was sent or later (the default policy: urgent 30 min wall clock, the others 2 working hours
// or more), so answers within 25 minutes are on time whatever the weekday, the late answer is to
// an urgent record, and unanswered records fall due within their month:
//
// Last month (the report's default month), six responses due:
//   R-ui-101 high    王芳 → 李明 (研发部)  answered after 10 min      on time
//   R-ui-102 medium  王芳 → 张伟 (运营部)  answered after 20 min      on time
//   R-ui-103 urgent  李明 → 王芳 (产品部)  answered after 3 h         late     → overdue
//   R-ui-104 high    张伟 → 陈静 (客服部)  never read, never answered missed   → overdue, never read
//   R-ui-105 urgent  external request 陈静 → 李明, answered after 15 min, closed with satisfaction 4
//   R-ui-106 high    external request 陈静 → 王芳, answered after 25 min, closed with satisfaction 5
//   on time 4 of 6 = 66.7%; median response 20 min, p90 3 h; overdue 2; never read 1;
//   satisfaction 4.5 from 2 ratings.
// The month before, three responses due: one on time, one late, one read but never answered:
//   33.3%, overdue 2, never read 0.
import { newEventId } from '../../src/domain/ids';
import type { LiaisonRecord, RecordEvent } from '../../src/domain/record';
import { LocalStore } from '../../src/store/localStore';
import { writeDirectory } from '../../src/store/directoryDoc';
import { putRecord } from '../../src/store/recordsDoc';

const PEOPLE = [
  { name: '王芳', department: '产品部' },
  { name: '李明', department: '研发部' },
  { name: '张伟', department: '运营部' },
  { name: '陈静', department: '客服部' },
];
const DEPARTMENT: Record<string, string> = Object.fromEntries(PEOPLE.map((person) => [person.name, person.department]));

/** YYYY-MM of `instant` in Asia/Shanghai (the default calendar's zone), `delta` months later. */
export function shanghaiMonth(instant: Date, delta: number): string {
  const shanghai = new Date(instant.getTime() + 8 * 3600_000);
  const index = shanghai.getUTCFullYear() * 12 + shanghai.getUTCMonth() + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `day` of `month` at 10:00 Shanghai time, plus `minutes`. */
function at(month: string, day: number, minutes = 0): string {
  return new Date(Date.parse(`${month}-${String(day).padStart(2, '0')}T02:00:00.000Z`) + minutes * 60_000).toISOString();
}

function event(type: RecordEvent['type'], actor: string, when: string, extra: Partial<RecordEvent> = {}): RecordEvent {
  return { id: newEventId(), type, actor, actorDepartment: DEPARTMENT[actor], at: when, ...extra };
}

function message(
  id: string,
  title: string,
  priority: string,
  from: string,
  to: string,
  sentAt: string,
  events: RecordEvent[],
): LiaisonRecord {
  return {
    id,
    kind: 'internal-message',
    space: 'internal',
    title,
    fields: { sender: from, recipients: [to], audience: [to], type: 'collaboration-request', priority },
    body: '## 背景\n\n联调。\n',
    createdBy: from,
    createdAt: sentAt,
    events: [event('sent', from, sentAt), ...events],
  };
}

function externalRequest(
  id: string,
  title: string,
  priority: string,
  owner: string,
  month: string,
  day: number,
  answerMinutes: number,
  score: number,
  comment: string,
): LiaisonRecord {
  const sentAt = at(month, day);
  return {
    id,
    kind: 'external-request',
    space: 'internal',
    title,
    fields: { counterpart: 'ACME', counterpartType: 'client', owner, audience: [owner], priority },
    body: '## 需求\n\n客户需求。\n',
    createdBy: '陈静',
    createdAt: sentAt,
    events: [
      event('sent', '陈静', sentAt),
      event('read', owner, at(month, day, answerMinutes - 5)),
      event('accepted', owner, at(month, day, answerMinutes)),
      event('delivered', owner, at(month, day + 2)),
      event('confirmed', '陈静', at(month, day + 3)),
      event('archived', '陈静', at(month, day + 4), { satisfaction: score, satisfactionComment: comment }),
    ],
  };
}

export function reportSeedRecords(now: Date): LiaisonRecord[] {
  const last = shanghaiMonth(now, -1);
  const before = shanghaiMonth(now, -2);
  return [
    message('R-ui-101', '接口联调排期确认', 'high', '王芳', '李明', at(last, 5), [
      event('read', '李明', at(last, 5, 5)),
      event('accepted', '李明', at(last, 5, 10)),
    ]),
    message('R-ui-102', '运营活动页面需求', 'medium', '王芳', '张伟', at(last, 6), [
      event('read', '张伟', at(last, 6, 5)),
      event('accepted', '张伟', at(last, 6, 20)),
    ]),
    message('R-ui-103', '支付回调延迟排查', 'urgent', '李明', '王芳', at(last, 7), [
      event('read', '王芳', at(last, 7, 60)),
      event('accepted', '王芳', at(last, 7, 180)),
    ]),
    message('R-ui-104', '客服话术更新请求', 'high', '张伟', '陈静', at(last, 8), []),
    externalRequest('R-ui-105', 'ACME 数据导出需求', 'urgent', '李明', last, 9, 15, 4, 'Quick and thorough.'),
    externalRequest('R-ui-106', 'ACME 账单格式调整', 'high', '王芳', last, 12, 25, 5, '响应很快，沟通顺畅。'),
    message('R-ui-201', '版本发布窗口确认', 'medium', '王芳', '李明', at(before, 5), [event('accepted', '李明', at(before, 5, 10))]),
    message('R-ui-202', '活动数据复盘', 'urgent', '王芳', '张伟', at(before, 6), [event('accepted', '张伟', at(before, 6, 120))]),
    message('R-ui-203', '工单系统字段调整', 'low', '李明', '陈静', at(before, 7), [event('read', '陈静', at(before, 7, 5))]),
  ];
}

/**
 * A second space, `client-acme`, with no records and a directory of its own that places 李明 and
 * 张伟 in 客户成功部: the report reads one directory (the editor's rule: the first space holding
 * one, here `internal`; `liaison report --directory-space internal`), never a mix of the two.
 */
export async function seedClientSpace(root: string): Promise<void> {
  const store = new LocalStore(root);
  try {
    const space = await store.openSpace('client-acme');
    writeDirectory(
      space.doc,
      {
        people: [
          { name: '李明', department: '客户成功部' },
          { name: '张伟', department: '客户成功部' },
        ],
        departments: [{ name: '客户成功部' }],
      },
      { replace: true },
    );
    await space.flush();
  } finally {
    await store.close();
  }
}

/** Writes the records and the directory into space `internal` of the store at `root`. */
export async function seedReportStore(root: string, now: Date): Promise<LiaisonRecord[]> {
  const store = new LocalStore(root);
  try {
    const space = await store.openSpace('internal');
    const records = reportSeedRecords(now);
    for (const record of records) putRecord(space.doc, record);
    writeDirectory(space.doc, { people: PEOPLE, departments: PEOPLE.map((person) => ({ name: person.department })) }, { replace: true });
    await space.flush();
    return records;
  } finally {
    await store.close();
  }
}
