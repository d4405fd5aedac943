// The client's satisfaction, given when an external request is closed: which actions may carry
// it and what a valid score is.
import type { ActionInput } from './lifecycle';
import type { LiaisonRecord } from './record';
import type { Localized } from './templates/types';

/** The kind whose closing may carry the client's satisfaction (src/domain/templates/externalRequest.ts). */
export const SATISFACTION_KIND = 'external-request';

const t = (zh: string, en: string): Localized => ({ zh, en });

/**
 * What is wrong with the satisfaction an action carries, if anything: only closing (archive) an
 * external request may carry it, and a score is a whole number from 1 to 5. A comment alone is
 * allowed (it is kept on the event; the report counts scores only).
 */
export function satisfactionProblem(record: Pick<LiaisonRecord, 'kind'>, action: ActionInput): Localized | undefined {
  const score = action.satisfaction;
  const comment = action.satisfactionComment?.trim();
  if (score === undefined && !comment) return undefined;
  if (action.type !== 'archive')
    return t(
      '满意度只能在关闭（归档）外部对接请求时填写。',
      'A satisfaction score is given only when closing (archiving) an external request.',
    );
  if (record.kind !== SATISFACTION_KIND)
    return t('只有外部对接请求在关闭时记录客户满意度。', "Only an external request records the client's satisfaction when it is closed.");
  if (score !== undefined && (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5)) {
    return t(
      `满意度须为 1 到 5 的整数（1 = 非常不满意，5 = 非常满意），而不是 ${String(score)}。`,
      `Satisfaction must be a whole number from 1 (very dissatisfied) to 5 (very satisfied), not ${String(score)}.`,
    );
  }
  return undefined;
}
