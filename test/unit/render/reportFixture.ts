// A MonthlyReport as report.ts would compute it, written out by hand: for the page tests, which
// test the rendering, not the figures.
import type { MonthlyReport, RateRow } from '../../../src/domain/reportModel';

function row(
  key: string,
  label: string,
  due: number,
  onTime: number,
  late: number,
  medianMinutes: number | null,
  p90Minutes: number | null,
): RateRow {
  return { key, label, due, onTime, late, missed: due - onTime - late, rate: due ? onTime / due : null, medianMinutes, p90Minutes };
}

export function sampleReport(overrides: Partial<MonthlyReport> = {}): MonthlyReport {
  return {
    month: '2026-10',
    language: 'zh',
    zone: 'Asia/Shanghai',
    generatedAt: '2026-11-02T01:30:00.000Z',
    spaces: ['internal', 'client-acme'],
    total: row('', '全部', 40, 31, 6, 95, 610),
    byDepartment: [
      row('研发部', '研发部', 16, 11, 4, 140, 720),
      row('产品部', '产品部', 12, 11, 1, 60, 300),
      row('运营部', '运营部', 8, 6, 1, 80, 400),
      row('客服部', '客服部', 4, 3, 0, 30, 90),
    ],
    byKind: [
      row('internal-message', '内部消息', 22, 18, 3, 70, 500),
      row('external-request', '外部对接请求', 10, 7, 2, 180, 900),
      row('emergency', '紧急事件', 8, 6, 1, 15, 60),
    ],
    byPriority: [
      row('urgent', '紧急', 9, 7, 1, 12, 45),
      row('high', '高', 14, 11, 2, 90, 480),
      row('medium', '中', 13, 10, 3, 150, 700),
      row('low', '低', 4, 3, 0, 400, 1300),
    ],
    overdue: [
      {
        space: 'internal',
        id: 'R-1',
        title: '关于支付接口延迟问题的排查请求',
        kind: 'internal-message',
        kindLabel: '内部消息',
        priority: 'urgent',
        priorityLabel: '紧急',
        department: '研发部',
        people: ['李明'],
        missedBy: ['李明'],
        due: '2026-10-20T06:00:00.000Z',
        overdueMinutes: 2950,
      },
      {
        space: 'client-acme',
        id: 'R-2',
        title: 'ACME 付款条款变更确认',
        kind: 'external-request',
        priority: 'high',
        department: '产品部, 运营部',
        people: ['王芳', '张伟'],
        due: '2026-10-12T10:00:00.000Z',
        overdueMinutes: 95,
      },
    ],
    neverRead: [
      {
        space: 'internal',
        id: 'R-3',
        title: 'Q4 roadmap review: agenda',
        kind: 'internal-notice',
        priority: 'medium',
        department: '客服部',
        people: ['陈静'],
        due: '2026-10-15T09:00:00.000Z',
        overdueMinutes: 23000,
      },
    ],
    satisfaction: {
      count: 5,
      average: 4.2,
      distribution: [0, 0, 1, 2, 2],
      entries: [
        {
          space: 'client-acme',
          id: 'R-2',
          title: 'ACME 付款条款变更确认',
          score: 5,
          comment: '回复及时，问题解决彻底。',
          by: '王芳',
          at: '2026-10-25T08:00:00.000Z',
        },
        { space: 'client-acme', id: 'R-4', title: '接口文档补充', score: 3, comment: '', by: '张伟', at: '2026-10-26T08:00:00.000Z' },
      ],
    },
    trend: [
      { month: '2026-05', rate: 0.7, due: 30, overdue: 9, neverRead: 4, medianMinutes: 180, satisfaction: 3.9 },
      { month: '2026-06', rate: 0.72, due: 32, overdue: 9, neverRead: 3, medianMinutes: 170, satisfaction: 4 },
      { month: '2026-07', rate: null, due: 0, overdue: 0, neverRead: 0, medianMinutes: null, satisfaction: null },
      { month: '2026-08', rate: 0.74, due: 35, overdue: 9, neverRead: 3, medianMinutes: 150, satisfaction: 4.1 },
      { month: '2026-09', rate: 0.8, due: 38, overdue: 8, neverRead: 2, medianMinutes: 120, satisfaction: 4 },
      { month: '2026-10', rate: 0.775, due: 40, overdue: 9, neverRead: 1, medianMinutes: 95, satisfaction: 4.2 },
    ],
    ...overrides,
  };
}
