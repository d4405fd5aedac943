// The built-in response-time rules: docs/design.md's "Response-time rules" table and the product
// brief, in the order they are tried (first match wins; see ./policy.ts). Where docs/design.md says
// "24 h" or "48 h" of a working-calendar rule, the rule counts working days (1wd, 2wd): on the
// working clock `24h` would be 24 working hours, three 8-hour days, which is not what a team
// promising "a reply within 24 hours" means.
import { DEFAULT_CALENDAR } from './calendar';
import { DEFAULT_COPY_RULES } from './copy';
import type { Duration } from './duration';
import { parseDuration } from './duration';
import { DEFAULT_NOTIFICATION_POLICY } from './notifySchedule';
import type { ClockKind, PolicyRule, ResponsePolicy, Stage } from './policy';
import type { Priority } from './record';

/** A duration known to be valid (the built-ins); throws on a typo, at load, in every test. */
export function duration(text: string): Duration {
  const parsed = parseDuration(text, true);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

interface Match {
  kinds?: string[];
  priorities?: Priority[];
  fields?: Record<string, string[]>;
}

function rule(
  id: string,
  zh: string,
  en: string,
  match: Match,
  target: string,
  clock: ClockKind = 'working',
  stage: Stage = 'respond',
): PolicyRule {
  return { id, description: { zh, en }, stage, ...match, target: target === 'none' ? 'none' : duration(target), clock };
}

export const DEFAULT_RULES: readonly PolicyRule[] = [
  // respond: read and answer (accept/decline; a notice: confirm)
  rule('emergency', '紧急事务：30 分钟（自然时间）', 'emergency: 30 min, wall clock', { kinds: ['emergency'] }, '30m', 'wall'),
  rule('urgent', '紧急优先级：30 分钟（自然时间）', 'urgent priority: 30 min, wall clock', { priorities: ['urgent'] }, '30m', 'wall'),
  rule('high', '高优先级：2 小时', 'high priority: 2 h', { priorities: ['high'] }, '2h'),
  rule(
    'client-complaint',
    '售后投诉：2 小时',
    'after-sales complaint: 2 h',
    { kinds: ['client-feedback'], fields: { feedbackType: ['complaint'] } },
    '2h',
  ),
  rule(
    'client-request',
    '外部客户消息：4 小时',
    'external client message: 4 h',
    { kinds: ['external-request'], fields: { counterpartType: ['client'] } },
    '4h',
  ),
  rule('client-feedback', '客户反馈：4 小时', 'client feedback: 4 h', { kinds: ['client-feedback'] }, '4h'),
  rule(
    'notice-confirmation',
    '通知确认：发布后 2 小时',
    'notice confirmation: 2 h after publication',
    { kinds: ['internal-notice'] },
    '2h',
  ),
  rule(
    'collaboration-accept',
    '协作请求接受或拒绝：2 个工作日',
    'collaboration request, accept or decline: 2 working days',
    { kinds: ['collaboration-request'] },
    '2wd',
  ),
  rule('internal-message', '内部消息：2 小时', 'internal message: 2 h', { kinds: ['internal-message'] }, '2h'),
  rule('knowledge-entry', '知识沉淀：无需回复', 'knowledge entry: no response expected', { kinds: ['knowledge-entry'] }, 'none'),
  rule('normal', '普通优先级：24 小时（1 个工作日）', 'normal priority: 24 h (1 working day)', {}, '1wd'),
  // deliveryAcceptance: the requester accepts a delivery
  rule('delivery-acceptance', '交付验收：3 个工作日', 'delivery acceptance: 3 working days', {}, '3wd', 'working', 'deliveryAcceptance'),
  // followUp: the owner follows up after delivery
  rule(
    'follow-up',
    '交付后跟进：48 小时（2 个工作日）',
    'follow-up after delivery: 48 h (2 working days)',
    {},
    '2wd',
    'working',
    'followUp',
  ),
];

/** The policy of a space that has no policy file. */
export const DEFAULT_POLICY: ResponsePolicy = {
  rules: DEFAULT_RULES,
  warnBefore: { text: '25%', fraction: 0.25 },
  escalateAfter: duration('48h'),
  remindEvery: duration('2h'),
  calendar: DEFAULT_CALENDAR,
  calendarIcs: [],
  notifications: DEFAULT_NOTIFICATION_POLICY,
  copy: DEFAULT_COPY_RULES,
};
