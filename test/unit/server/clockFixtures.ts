// Records and a directory for the server clock's tests: a collaboration request sent days ago to
// 李明 (研发部, head 张伟), and an internal notice to 研发部 published hours ago.
import type * as Y from 'yjs';
import type { LiaisonRecord } from '../../../src/domain/record';
import { writeDirectory } from '../../../src/store/directoryDoc';
import { putRecord } from '../../../src/store/recordsDoc';

const HOUR = 3_600_000;

export const CLOCK_PEOPLE = [
  { name: '王芳', department: '产品部', email: 'wang.fang@example.com' },
  { name: '李明', department: '研发部', email: 'li.ming@example.com' },
  { name: '赵敏', department: '研发部', email: 'zhao.min@example.com' },
  { name: '张伟', department: '研发部', email: 'zhang.wei@example.com' },
];

export function writeClockDirectory(doc: Y.Doc): void {
  writeDirectory(
    doc,
    {
      people: CLOCK_PEOPLE,
      departments: [
        { name: '研发部', head: '张伟' },
        { name: '产品部', head: '王芳' },
      ],
    },
    { replace: false },
  );
}

/** A high-priority collaboration request from 王芳 to 李明, sent `hoursAgo` before `now`. */
export function oldRequest(id: string, now: Date, hoursAgo = 24 * 6): LiaisonRecord {
  const at = new Date(now.getTime() - hoursAgo * HOUR).toISOString();
  return {
    id,
    kind: 'collaboration-request',
    space: 'internal',
    title: '接口联调排期',
    body: '',
    createdBy: '王芳',
    createdAt: at,
    fields: { sender: '王芳', recipients: ['李明'], audience: ['李明'], priority: 'high' },
    events: [{ id: `E-sent-${id}`, type: 'sent', actor: '王芳', actorDepartment: '产品部', at }],
  };
}

/** An internal notice from 王芳 to 研发部, published `hoursAgo` before `now`. */
export function departmentNotice(id: string, now: Date, hoursAgo = 24 * 3): LiaisonRecord {
  const at = new Date(now.getTime() - hoursAgo * HOUR).toISOString();
  return {
    id,
    kind: 'internal-notice',
    space: 'internal',
    title: '关于五一放假安排的通知',
    body: '',
    createdBy: '王芳',
    createdAt: at,
    fields: { sender: '王芳', audience: ['研发部'], recipients: ['研发部'] },
    events: [{ id: `E-sent-${id}`, type: 'sent', actor: '王芳', actorDepartment: '产品部', at }],
  };
}

export function putClockRecords(doc: Y.Doc, now: Date): void {
  writeClockDirectory(doc);
  putRecord(doc, oldRequest('R-old-1', now));
  putRecord(doc, departmentNotice('N-old-1', now));
}
