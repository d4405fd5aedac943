// Retention: the built-in rules per kind, the clock (archivedAt + keep on the zone's calendar),
// open records never purged, the exact expiry boundary, and the workspace file's problems.
import { strict as assert } from 'node:assert';
import { formatPolicyProblem } from '../../../src/domain/policyReader';
import {
  DEFAULT_RETENTION,
  describeRule,
  expiryOf,
  parseKeep,
  parseRetentionFile,
  planPurge,
  ruleFor,
} from '../../../src/domain/retention';
import type { KeepPeriod, RetentionPolicy } from '../../../src/domain/retention';
import { deriveState } from '../../../src/domain/status';
import { Zone } from '../../../src/domain/zone';
import { retentionRecord } from './retentionFixtures';
import { builtInTemplates } from '../../../src/domain/templates/registry';

const KINDS = builtInTemplates.map((template) => template.kind);

function policyOf(text: string): RetentionPolicy {
  const result = parseRetentionFile(text);
  assert.deepEqual(result.problems, []);
  assert.ok(result.policy);
  return result.policy;
}

describe('retention policy', () => {
  it('the fixture closes every kind (so the tests below test the rules, not an open record)', () => {
    for (const kind of KINDS) assert.equal(deriveState(retentionRecord('x', kind, '2024-01-01T00:00:00.000Z')).status, 'archived', kind);
  });

  it('built-in rules: messages 6 months, files 2 years, external records and knowledge forever', () => {
    const keepOf = (kind: string): string => {
      const rule = ruleFor({ kind, fields: {} }, DEFAULT_RETENTION);
      assert.ok(rule, kind);
      return rule.keep === 'forever' ? 'forever' : rule.keep.text;
    };
    assert.deepEqual(Object.fromEntries(KINDS.map((kind) => [kind, keepOf(kind)])), {
      'internal-message': '6 months',
      'internal-notice': '2 years',
      'collaboration-request': '2 years',
      'external-request': 'forever',
      emergency: 'forever',
      'meeting-minutes': '2 years',
      'client-feedback': 'forever',
      'requirement-confirmation': '2 years',
      'knowledge-entry': 'forever',
    });
    assert.equal(ruleFor({ kind: 'team-own-kind', fields: {} }, DEFAULT_RETENTION), undefined, 'a kind no rule names is kept');
  });

  it('purges per kind: closed 3 years ago, only messages and files go; closed 7 months ago, only messages', () => {
    const now = new Date('2027-06-01T00:00:00.000Z');
    const old = KINDS.map((kind) => retentionRecord(`old-${kind}`, kind, '2024-05-01T00:00:00.000Z'));
    const recent = KINDS.map((kind) => retentionRecord(`new-${kind}`, kind, '2026-10-20T00:00:00.000Z'));
    const plan = planPurge(
      [...old, ...recent, retentionRecord('team', 'team-own-kind', '2000-01-01T00:00:00.000Z')],
      DEFAULT_RETENTION,
      now,
    );
    assert.deepEqual(plan.expired.map((candidate) => candidate.id).sort(), [
      'new-internal-message',
      'old-collaboration-request',
      'old-internal-message',
      'old-internal-notice',
      'old-meeting-minutes',
      'old-requirement-confirmation',
    ]);
    assert.equal(plan.kept, KINDS.length * 2 + 1 - 6);
    const message = plan.expired.find((candidate) => candidate.id === 'old-internal-message');
    assert.deepEqual(message, {
      space: 'internal',
      id: 'old-internal-message',
      title: 'Record old-internal-message',
      kind: 'internal-message',
      archivedAt: '2024-05-01T00:00:00.000Z',
      expiredAt: '2024-11-01T00:00:00.000Z',
      rule: 'messages',
      keep: '6 months',
    });
  });

  it('never purges an open record, however old; a reopened record is open again', () => {
    const ancient = retentionRecord('open', 'internal-message', undefined, { createdAt: '2001-01-01T00:00:00.000Z' });
    const reopened = retentionRecord('reopened', 'internal-message', '2001-02-01T00:00:00.000Z');
    reopened.events.push({ id: 'reopen', type: 'reopened', actor: '王芳', at: '2001-03-01T00:00:00.000Z', reason: '客户又来问了' });
    assert.equal(deriveState(reopened).status !== 'archived', true);
    const plan = planPurge([ancient, reopened], DEFAULT_RETENTION, new Date('2030-01-01T00:00:00.000Z'));
    assert.deepEqual(plan.expired, []);
    assert.equal(plan.kept, 2);
  });

  it('expires exactly at archivedAt + keep: kept a millisecond before, purged at the instant', () => {
    // 2026-03-31 18:30 in Shanghai + 6 months = 2026-09-30 18:30 (the month end clamps).
    const record = retentionRecord('edge', 'internal-message', '2026-03-31T10:30:00.000Z');
    const expiry = new Date('2026-09-30T10:30:00.000Z');
    assert.deepEqual(planPurge([record], DEFAULT_RETENTION, new Date(expiry.getTime() - 1)).expired, []);
    assert.deepEqual(
      planPurge([record], DEFAULT_RETENTION, expiry).expired.map((candidate) => candidate.expiredAt),
      [expiry.toISOString()],
    );
  });

  it('counts months and years on the calendar of the policy time zone', () => {
    const zone = new Zone('Asia/Shanghai');
    const period = (text: string): KeepPeriod => {
      const keep = parseKeep(text);
      assert.ok(typeof keep === 'object', text);
      return keep;
    };
    // 2024-02-29 12:00 Shanghai + 1 year = 2025-02-28 12:00; + 90 days = 2024-05-29 12:00.
    assert.equal(expiryOf(new Date('2024-02-29T04:00:00.000Z'), period('1 year'), zone).toISOString(), '2025-02-28T04:00:00.000Z');
    assert.equal(expiryOf(new Date('2024-02-29T04:00:00.000Z'), period('90 days'), zone).toISOString(), '2024-05-29T04:00:00.000Z');
    // 2026-01-31 23:30 in Shanghai is still January there (15:30 UTC): + 1 month = 2026-02-28 23:30.
    assert.equal(expiryOf(new Date('2026-01-31T15:30:00.000Z'), period('1 month'), zone).toISOString(), '2026-02-28T15:30:00.000Z');
    // Across a DST change the wall time stays: New York 2026-03-01 09:00 EST + 1 month = 04-01 09:00 EDT.
    assert.equal(
      expiryOf(new Date('2026-03-01T14:00:00.000Z'), period('1 month'), new Zone('America/New_York')).toISOString(),
      '2026-04-01T13:00:00.000Z',
    );
    assert.deepEqual(
      [parseKeep('6 个月'), parseKeep('2年'), parseKeep('2 weeks'), parseKeep('永久')],
      [
        { count: 6, unit: 'month', text: '6 个月' },
        { count: 2, unit: 'year', text: '2年' },
        { count: 14, unit: 'day', text: '2 weeks' },
        'forever',
      ],
    );
    assert.match(String(parseKeep('0 days')), /at least 1 day/);
    assert.match(String(parseKeep('6 fortnights')), /"fortnights" .* is not a unit/);
    // Only the unit words: names an object has (constructor, toString) are no unit either.
    assert.match(String(parseKeep('6 constructor')), /"constructor" .* is not a unit/);
  });

  it('reads the workspace file: own rules first, a built-in id replaced in place, priorities, zone', () => {
    const policy = policyOf(`# keep longer
rules:
  - id: urgent-messages
    kind: internal-message
    priority: [urgent, high]
    keep: 2 years
  - id: messages
    keep: 90 days
  - kind: [client-feedback]
    keep: 5 years
timeZone: Europe/Berlin
`);
    assert.deepEqual(
      policy.rules.map((rule) => describeRule(rule, 'en')),
      [
        'urgent-messages: internal-message, priority urgent/high → 2 years',
        'rule-3: client-feedback → 5 years',
        'messages: internal-message → 90 days',
        'files: internal-notice, meeting-minutes, collaboration-request, requirement-confirmation → 2 years',
        'external: external-request, client-feedback, emergency → forever',
        'knowledge: knowledge-entry → forever',
      ],
    );
    assert.equal(policy.timeZone, 'Europe/Berlin');
    const urgent = retentionRecord('u', 'internal-message', '2025-01-01T00:00:00.000Z', { fields: { priority: 'urgent' } });
    const plain = retentionRecord('p', 'internal-message', '2025-01-01T00:00:00.000Z');
    assert.deepEqual(
      planPurge([urgent, plain], policy, new Date('2025-06-01T00:00:00.000Z')).expired.map(
        (candidate) => `${candidate.id}:${candidate.rule}`,
      ),
      ['p:messages'],
    );
    assert.deepEqual(policyOf('').rules, DEFAULT_RETENTION.rules);
    assert.deepEqual(policyOf('{ "useDefaults": false, "rules": [ { "kind": "*", "keep": "1 year" } ] }').rules, [
      { id: 'rule-1', kinds: undefined, keep: { count: 1, unit: 'year', text: '1 year' } },
    ]);
  });

  it('reports each problem of the file with its line, the field and the fix', () => {
    const result = parseRetentionFile(`rules:
  - kind: internal-message
    keep: soon
  - id: Big Rule
    keep: 1 year
  - kind: emergency
  - id: x
    priority: critical
    keep: 3 months
    color: red
timeZone: Mars/Olympus
useDefaults: maybe
`);
    assert.equal(result.policy, undefined);
    const lines = result.problems.map((problem) => formatPolicyProblem(problem, 'retention.yaml'));
    assert.deepEqual(
      lines.map((line) => line.split(';')[0]),
      [
        'retention.yaml:3: rules[0].keep: "soon" is not a retention period',
        'retention.yaml:4: rules[1].id: "Big Rule" is not an id',
        'retention.yaml:6: rules[2].keep: rule "rule-3" needs keep: a period such as 6 months or 2 years, or forever (only a built-in rule\'s id — messages, files, external, knowledge — may leave it out)',
        'retention.yaml:8: rules[3].priority: "critical" is not a priority',
        'retention.yaml:10: rules[3].color: unknown key "color"',
        'retention.yaml:11: timeZone: "Mars/Olympus" is not a time zone',
        'retention.yaml:12: useDefaults: write true (the built-in rules follow yours) or false (only your rules',
      ],
    );
    assert.match(lines[0], /write a whole number and a unit \(90 days, 2 weeks, 6 months, 2 years/);
    const broken = parseRetentionFile('rules: [\n');
    assert.equal(broken.policy, undefined);
    assert.match(broken.problems[0].message, /not valid YAML or JSON/);
    assert.match(
      parseRetentionFile('- keep: 1 year\n').problems[0].message,
      /a retention policy is a map with the keys rules, useDefaults, timeZone/,
    );
  });
});
