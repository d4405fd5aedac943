// dueFor with the default rules, case by case (time zones, warnings, states and reminders are dueTimes.test.ts).
import assert from 'node:assert/strict';
import { dueFor } from '../../../src/domain/due';
import type { Stage } from '../../../src/domain/policy';
import { matchRule } from '../../../src/domain/policy';
import { DEFAULT_POLICY, DEFAULT_RULES } from '../../../src/domain/policyDefaults';
import { due, policyOf, sh, shanghai } from './dueFixtures';

// 2026-05-20 is a Wednesday; 05-22 a Friday, 05-23 a Saturday, 05-25 a Monday. Default policy and
// calendar (Mon–Fri 09:00–12:00, 13:00–18:00, Asia/Shanghai). `due` is a wall time in Shanghai.
interface Case {
  name: string;
  kind: string;
  fields: Record<string, string>;
  stage?: Stage;
  at: string;
  due: string;
  rule: string;
  clock: 'working' | 'wall';
}

const CASES: readonly Case[] = [
  {
    name: 'an emergency at 22:00 is due at 22:30, not next morning',
    kind: 'emergency',
    fields: {},
    at: '2026-05-20 22:00',
    due: '2026-05-20 22:30',
    rule: 'emergency',
    clock: 'wall',
  },
  {
    name: 'an emergency on a Saturday night, whatever its priority field says',
    kind: 'emergency',
    fields: { priority: 'low' },
    at: '2026-05-23 03:10',
    due: '2026-05-23 03:40',
    rule: 'emergency',
    clock: 'wall',
  },
  {
    name: 'an urgent internal message on Friday evening',
    kind: 'internal-message',
    fields: { priority: 'urgent', type: 'notice' },
    at: '2026-05-22 17:50',
    due: '2026-05-22 18:20',
    rule: 'urgent',
    clock: 'wall',
  },
  {
    name: 'an urgent collaboration request: urgent comes before the 2-working-day rule',
    kind: 'collaboration-request',
    fields: { priority: 'urgent' },
    at: '2026-05-20 10:00',
    due: '2026-05-20 10:30',
    rule: 'urgent',
    clock: 'wall',
  },
  {
    name: 'an urgent complaint on a Saturday: urgent comes before complaint',
    kind: 'client-feedback',
    fields: { priority: 'urgent', feedbackType: 'complaint' },
    at: '2026-05-23 09:00',
    due: '2026-05-23 09:30',
    rule: 'urgent',
    clock: 'wall',
  },
  {
    name: 'a high internal message at 17:00: one hour today, one tomorrow',
    kind: 'internal-message',
    fields: { priority: 'high', type: 'issue-feedback' },
    at: '2026-05-20 17:00',
    due: '2026-05-21 10:00',
    rule: 'high',
    clock: 'working',
  },
  {
    name: 'a high collaboration request: high comes before accept/decline',
    kind: 'collaboration-request',
    fields: { priority: 'high' },
    at: '2026-05-20 10:00',
    due: '2026-05-20 12:00',
    rule: 'high',
    clock: 'working',
  },
  {
    name: 'a high client request over lunch',
    kind: 'external-request',
    fields: { priority: 'high', counterpartType: 'client' },
    at: '2026-05-20 11:30',
    due: '2026-05-20 14:30',
    rule: 'high',
    clock: 'working',
  },
  {
    name: 'an after-sales complaint: 2 h',
    kind: 'client-feedback',
    fields: { priority: 'medium', feedbackType: 'complaint' },
    at: '2026-05-20 11:00',
    due: '2026-05-20 14:00',
    rule: 'client-complaint',
    clock: 'working',
  },
  {
    name: 'an external client message: 4 h',
    kind: 'external-request',
    fields: { priority: 'medium', counterpartType: 'client' },
    at: '2026-05-20 15:00',
    due: '2026-05-21 10:00',
    rule: 'client-request',
    clock: 'working',
  },
  {
    name: 'client feedback that is no complaint: 4 h, over a weekend',
    kind: 'client-feedback',
    fields: { priority: 'low', feedbackType: 'issue' },
    at: '2026-05-22 16:00',
    due: '2026-05-25 11:00',
    rule: 'client-feedback',
    clock: 'working',
  },
  {
    name: 'client praise: 4 h',
    kind: 'client-feedback',
    fields: { priority: 'medium', feedbackType: 'praise' },
    at: '2026-05-20 09:00',
    due: '2026-05-20 14:00',
    rule: 'client-feedback',
    clock: 'working',
  },
  {
    name: 'a supplier request: normal, one working day',
    kind: 'external-request',
    fields: { priority: 'medium', counterpartType: 'supplier' },
    at: '2026-05-20 15:00',
    due: '2026-05-21 15:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'a partner request on Friday evening: normal, Monday',
    kind: 'external-request',
    fields: { priority: 'low', counterpartType: 'partner' },
    at: '2026-05-22 17:30',
    due: '2026-05-25 17:30',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'a notice published Friday 17:00: confirmation 2 working hours later',
    kind: 'internal-notice',
    fields: { priority: 'medium' },
    at: '2026-05-22 17:00',
    due: '2026-05-25 10:00',
    rule: 'notice-confirmation',
    clock: 'working',
  },
  {
    name: 'a collaboration request on Friday: accept or decline by Tuesday',
    kind: 'collaboration-request',
    fields: { priority: 'medium' },
    at: '2026-05-22 10:00',
    due: '2026-05-26 10:00',
    rule: 'collaboration-accept',
    clock: 'working',
  },
  {
    name: 'a collaboration request after hours: two full working days from the next morning',
    kind: 'collaboration-request',
    fields: { priority: 'low' },
    at: '2026-05-20 20:00',
    due: '2026-05-22 18:00',
    rule: 'collaboration-accept',
    clock: 'working',
  },
  {
    name: 'an internal notice message: 2 h',
    kind: 'internal-message',
    fields: { priority: 'medium', type: 'notice' },
    at: '2026-05-20 17:30',
    due: '2026-05-21 10:30',
    rule: 'internal-message',
    clock: 'working',
  },
  {
    name: 'a low internal result report sent at lunch',
    kind: 'internal-message',
    fields: { priority: 'low', type: 'result-report' },
    at: '2026-05-20 12:30',
    due: '2026-05-20 15:00',
    rule: 'internal-message',
    clock: 'working',
  },
  {
    name: 'meeting minutes: normal',
    kind: 'meeting-minutes',
    fields: {},
    at: '2026-05-20 10:00',
    due: '2026-05-21 10:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'a requirement confirmation: normal',
    kind: 'requirement-confirmation',
    fields: { priority: 'low' },
    at: '2026-05-21 14:00',
    due: '2026-05-22 14:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: "a team's own kind: normal",
    kind: 'vendor-onboarding',
    fields: { priority: 'medium' },
    at: '2026-05-20 10:00',
    due: '2026-05-21 10:00',
    rule: 'normal',
    clock: 'working',
  },
  {
    name: 'delivery acceptance of a collaboration: 3 working days',
    kind: 'collaboration-request',
    fields: { priority: 'medium' },
    stage: 'deliveryAcceptance',
    at: '2026-05-20 10:00',
    due: '2026-05-25 10:00',
    rule: 'delivery-acceptance',
    clock: 'working',
  },
  {
    name: 'delivery acceptance of an urgent request: urgent is a respond rule',
    kind: 'external-request',
    fields: { priority: 'urgent', counterpartType: 'client' },
    stage: 'deliveryAcceptance',
    at: '2026-05-20 10:00',
    due: '2026-05-25 10:00',
    rule: 'delivery-acceptance',
    clock: 'working',
  },
  {
    name: 'follow-up after delivery to a client: 48 h as two working days',
    kind: 'external-request',
    fields: { priority: 'medium', counterpartType: 'client' },
    stage: 'followUp',
    at: '2026-05-20 10:00',
    due: '2026-05-22 10:00',
    rule: 'follow-up',
    clock: 'working',
  },
  {
    name: 'follow-up after a Friday-evening delivery',
    kind: 'external-request',
    fields: { priority: 'high', counterpartType: 'client' },
    stage: 'followUp',
    at: '2026-05-22 19:00',
    due: '2026-05-26 18:00',
    rule: 'follow-up',
    clock: 'working',
  },
];

describe('dueFor: the default rules', () => {
  for (const item of CASES) {
    it(item.name, () => {
      const result = due(item.kind, item.fields, item.at, item.stage);
      assert.equal(shanghai.format(result.due), item.due);
      assert.equal(result.rule.id, item.rule);
      assert.equal(result.rule.clock, item.clock);
      assert.equal(result.rule.stage, item.stage ?? 'respond');
      assert.equal(result.start.getTime(), sh(item.at).getTime());
    });
  }

  it('a knowledge entry expects no response: no due, though a rule matches', () => {
    assert.equal(dueFor(DEFAULT_POLICY, shanghai, { kind: 'knowledge-entry', fields: {} }, 'respond', sh('2026-05-20 10:00')), undefined);
    assert.equal(matchRule(DEFAULT_POLICY, { kind: 'knowledge-entry', fields: {} }, 'respond')?.id, 'knowledge-entry');
  });

  it('the table covers every default rule', () => {
    const covered = new Set([...CASES.map((item) => item.rule), 'knowledge-entry']);
    assert.deepEqual(
      DEFAULT_RULES.map((rule) => rule.id).filter((id) => !covered.has(id)),
      [],
    );
  });

  it('reads field values case-insensitively and from lists', () => {
    assert.equal(
      due('client-feedback', { priority: 'Medium', feedbackType: ' Complaint ' }, '2026-05-20 10:00').rule.id,
      'client-complaint',
    );
    assert.equal(
      due('external-request', { priority: 'medium', counterpartType: ['partner', 'client'] }, '2026-05-20 10:00').rule.id,
      'client-request',
    );
  });

  it('no due when no rule matches (a policy without the defaults)', () => {
    const policy = policyOf('useDefaults: false\nrules:\n  - { id: only-emergencies, kind: emergency, target: 15m, clock: wall }\n');
    assert.equal(
      dueFor(policy, shanghai, { kind: 'internal-message', fields: { priority: 'high' } }, 'respond', sh('2026-05-20 10:00')),
      undefined,
    );
    assert.equal(matchRule(policy, { kind: 'internal-message', fields: {} }, 'respond'), undefined);
    assert.equal(shanghai.format(due('emergency', {}, '2026-05-20 23:50', 'respond', policy).due), '2026-05-21 00:05');
  });

  it('refuses an invalid start', () => {
    assert.throws(() => dueFor(DEFAULT_POLICY, shanghai, { kind: 'emergency', fields: {} }, 'respond', new Date('nope')), RangeError);
  });
});
