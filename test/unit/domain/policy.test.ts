import assert from 'node:assert/strict';
import { parseDuration } from '../../../src/domain/duration';
import type { ResponsePolicy } from '../../../src/domain/policy';
import { matchRule } from '../../../src/domain/policy';
import { DEFAULT_POLICY, DEFAULT_RULES } from '../../../src/domain/policyDefaults';
import { parsePolicy } from '../../../src/domain/policyFile';
import { formatPolicyProblem } from '../../../src/domain/policyReader';

function parsed(text: string): ResponsePolicy {
  const result = parsePolicy(text);
  assert.deepEqual(result.problems, []);
  assert.ok(result.policy);
  return result.policy;
}

const YAML_POLICY = `# The sales team's policy
rules:
  - id: vip-client
    description: { zh: VIP 客户 1 小时, en: VIP client 1 h }
    kind: external-request
    priority: [high, medium]
    fields: { counterpartType: client, channel: [phone, wechat] }
    target: 1h
  - id: normal
    target: 4h
  - id: client-request
    target: 3h
warnBefore: 20%
escalateAfter: 2wd
remindEvery: 1h
calendar:
  timeZone: Asia/Hong_Kong
  workdays: [mon, tue, 周三, 4, Friday]
  hours: ["08:30-12:30", "13:30 - 17:30"]
  holidays: [2026-10-01..2026-10-03, 2026-12-25]
  extraWorkdays: [2026-09-26]
  ics: holidays/hk.ics
`;

const JSON_POLICY = JSON.stringify(
  {
    rules: [
      {
        id: 'vip-client',
        description: { zh: 'VIP 客户 1 小时', en: 'VIP client 1 h' },
        kind: 'external-request',
        priority: ['high', 'medium'],
        fields: { counterpartType: 'client', channel: ['phone', 'wechat'] },
        target: '1h',
      },
      { id: 'normal', target: '4h' },
      { id: 'client-request', target: '3h' },
    ],
    warnBefore: '20%',
    escalateAfter: '2wd',
    remindEvery: '1h',
    calendar: {
      timeZone: 'Asia/Hong_Kong',
      workdays: ['mon', 'tue', '周三', 4, 'Friday'],
      hours: ['08:30-12:30', '13:30 - 17:30'],
      holidays: ['2026-10-01..2026-10-03', '2026-12-25'],
      extraWorkdays: ['2026-09-26'],
      ics: 'holidays/hk.ics',
    },
  },
  null,
  '\t',
);

describe('parsePolicy', () => {
  it('an empty file is the default policy', () => {
    assert.equal(parsed(''), DEFAULT_POLICY);
    assert.equal(parsed('# nothing yet\n'), DEFAULT_POLICY);
  });

  it('reads rules, thresholds and the calendar from YAML', () => {
    const policy = parsed(YAML_POLICY);
    assert.deepEqual(policy.warnBefore, { text: '20%', fraction: 0.2 });
    assert.equal(policy.escalateAfter.workingDays, 2);
    assert.equal(policy.remindEvery.minutes, 60);
    assert.deepEqual(policy.calendar, {
      timeZone: 'Asia/Hong_Kong',
      workdays: [1, 2, 3, 4, 5],
      hours: [
        { start: 510, end: 750 },
        { start: 810, end: 1050 },
      ],
      holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-12-25'],
      extraWorkdays: ['2026-09-26'],
    });
    assert.deepEqual(policy.calendarIcs, ['holidays/hk.ics']);
    const vip = policy.rules[0];
    assert.equal(vip.id, 'vip-client');
    assert.deepEqual(vip.description, { zh: 'VIP 客户 1 小时', en: 'VIP client 1 h' });
    assert.deepEqual(vip.kinds, ['external-request']);
    assert.deepEqual(vip.priorities, ['high', 'medium']);
    assert.deepEqual(vip.fields, { counterpartType: ['client'], channel: ['phone', 'wechat'] });
    assert.equal(vip.stage, 'respond');
    assert.equal(vip.clock, 'working');
    assert.equal(vip.target !== 'none' && vip.target.minutes, 60);
  });

  it('reads the same policy from JSON (tab-indented)', () => {
    assert.deepEqual(parsed(JSON_POLICY), parsed(YAML_POLICY));
  });

  it('PRECEDENCE: own rules first in file order, then the built-ins; a built-in id replaces it in place', () => {
    const policy = parsed(YAML_POLICY);
    assert.deepEqual(
      policy.rules.map((rule) => rule.id),
      ['vip-client', ...DEFAULT_RULES.map((rule) => rule.id)],
    );
    // A replaced built-in keeps what the file left out: its match, clock and description.
    const normal = policy.rules.find((rule) => rule.id === 'normal');
    assert.ok(normal && normal.target !== 'none');
    assert.equal(normal.target.text, '4h');
    assert.equal(normal.description.en, 'normal priority: 24 h (1 working day)');
    const clientRule = policy.rules.find((rule) => rule.id === 'client-request');
    assert.deepEqual(clientRule?.kinds, ['external-request']);
    assert.deepEqual(clientRule?.fields, { counterpartType: ['client'] });
    // The first match wins: the VIP rule before urgent for a high phone client request …
    const phone = { kind: 'external-request', fields: { priority: 'high', counterpartType: 'client', channel: 'phone' } };
    assert.equal(matchRule(policy, phone, 'respond')?.id, 'vip-client');
    // … not for mail, where high (a built-in before client-request) still wins …
    assert.equal(matchRule(policy, { ...phone, fields: { ...phone.fields, channel: 'mail' } }, 'respond')?.id, 'high');
    // … and replacing the fallback `normal` shadows nothing before it.
    assert.equal(
      matchRule(policy, { kind: 'collaboration-request', fields: { priority: 'medium' } }, 'respond')?.id,
      'collaboration-accept',
    );
    assert.equal(matchRule(policy, { kind: 'meeting-minutes', fields: {} }, 'respond')?.id, 'normal');
  });

  it('a broad rule of the file shadows the built-ins after it (first match, not most specific)', () => {
    const policy = parsed('rules:\n  - id: medium-fast\n    priority: medium\n    target: 1h\n');
    assert.equal(matchRule(policy, { kind: 'collaboration-request', fields: { priority: 'medium' } }, 'respond')?.id, 'medium-fast');
    assert.equal(matchRule(policy, { kind: 'collaboration-request', fields: { priority: 'low' } }, 'respond')?.id, 'collaboration-accept');
  });

  it('useDefaults: false keeps only the file rules; kind "*" and priority any match anything', () => {
    const policy = parsed(
      'useDefaults: false\nrules:\n  - id: all\n    kind: "*"\n    priority: any\n    stage: follow-up\n    target: 3d\n    clock: wall\n',
    );
    assert.deepEqual(
      policy.rules.map((rule) => rule.id),
      ['all'],
    );
    assert.equal(policy.rules[0].kinds, undefined);
    assert.equal(policy.rules[0].priorities, undefined);
    assert.equal(policy.rules[0].stage, 'followUp');
    assert.equal(matchRule(policy, { kind: 'emergency', fields: {} }, 'respond'), undefined);
  });

  it('target none turns a stage off', () => {
    const policy = parsed('rules:\n  - { id: minutes-no-reply, kind: meeting-minutes, target: none }\n');
    assert.equal(policy.rules[0].target, 'none');
  });

  it('formats a problem as file:line: path: message', () => {
    assert.equal(
      formatPolicyProblem({ line: 3, path: 'rules[0].target', message: 'x' }, 'policy.yaml'),
      'policy.yaml:3: rules[0].target: x',
    );
    assert.equal(formatPolicyProblem({ line: 1, path: '', message: 'x' }, 'p.json'), 'p.json:1: x');
  });

  const errors: { name: string; text: string; line: number; path: string; message: RegExp }[] = [
    {
      name: 'a target that is no duration',
      text: 'rules:\n  - id: x\n    target: two hours\n',
      line: 3,
      path: 'rules[0].target',
      message: /"two hours" is not a duration; write a number and a unit: 30m, 2h/,
    },
    {
      name: 'an unknown unit',
      text: 'rules:\n  - id: x\n    target: 2weeks\n',
      line: 3,
      path: 'rules[0].target',
      message: /"weeks" in "2weeks" is not a unit/,
    },
    {
      name: 'working days on a wall clock',
      text: 'rules:\n  - id: x\n    target: 2wd\n    clock: wall\n',
      line: 3,
      path: 'rules[0].target',
      message: /counts working days.*set clock: working/,
    },
    {
      name: 'working days on a built-in wall rule',
      text: 'rules:\n  - id: urgent\n    target: 1wd\n',
      line: 3,
      path: 'rules[0].target',
      message: /counts working days/,
    },
    {
      name: '24-hour days on a working clock',
      text: 'rules:\n  - id: x\n    target: 2d\n',
      line: 3,
      path: 'rules[0].target',
      message: /counts 24-hour days.*write working days \(2wd\) or set clock: wall/,
    },
    {
      name: 'a misspelt key',
      text: 'rules:\n  - id: x\n    target: 2h\n    prority: high\n',
      line: 4,
      path: 'rules[0].prority',
      message: /unknown key "prority"; the keys here are id, description, stage, kind, priority/,
    },
    {
      name: 'an unknown priority',
      text: 'rules:\n  - id: x\n    priority: [high, hi]\n    target: 2h\n',
      line: 3,
      path: 'rules[0].priority',
      message: /"hi" is not a priority; use urgent, high, medium, low/,
    },
    {
      name: 'an unknown stage',
      text: 'rules:\n  - id: x\n    stage: deliver\n    target: 2h\n',
      line: 3,
      path: 'rules[0].stage',
      message: /"deliver" is not a stage; use respond, deliveryAcceptance, followUp/,
    },
    {
      name: 'an unknown clock',
      text: 'rules:\n  - id: x\n    target: 2h\n    clock: calendar\n',
      line: 4,
      path: 'rules[0].clock',
      message: /"calendar" is not a clock; use working .* or wall/,
    },
    { name: 'a rule without an id', text: 'rules:\n  - target: 2h\n', line: 2, path: 'rules[0].id', message: /every rule needs an id/ },
    {
      name: 'a bad id',
      text: 'rules:\n  - id: VIP Client\n    target: 2h\n',
      line: 2,
      path: 'rules[0].id',
      message: /"VIP Client" is not an id/,
    },
    {
      name: 'a repeated id',
      text: 'rules:\n  - id: x\n    target: 2h\n  - id: x\n    target: 3h\n',
      line: 4,
      path: 'rules[1].id',
      message: /"x" is already the id of the rule on line 2/,
    },
    {
      name: 'a new rule without a target',
      text: 'rules:\n  - id: x\n    kind: emergency\n',
      line: 2,
      path: 'rules[0].target',
      message: /rule "x" needs a target/,
    },
    { name: 'rules that are no list', text: 'rules:\n  id: x\n', line: 2, path: 'rules', message: /rules is a list/ },
    {
      name: 'fields that are no map',
      text: 'rules:\n  - id: x\n    target: 2h\n    fields: complaint\n',
      line: 4,
      path: 'rules[0].fields',
      message: /fields is a map of field to value/,
    },
    {
      name: 'an unknown time zone',
      text: 'calendar:\n  timeZone: Asia/Beijing\n',
      line: 2,
      path: 'calendar.timeZone',
      message: /"Asia\/Beijing" is not a time zone; use an IANA name/,
    },
    {
      name: 'a malformed working period',
      text: 'calendar:\n  hours: [9-12]\n',
      line: 2,
      path: 'calendar.hours',
      message: /"9-12" is not a working period; write HH:mm-HH:mm/,
    },
    {
      name: 'overlapping periods',
      text: 'calendar:\n  hours: ["09:00-13:00", "12:00-18:00"]\n',
      line: 2,
      path: 'calendar.hours',
      message: /09:00-13:00 overlaps 12:00-18:00/,
    },
    {
      name: 'an unknown weekday',
      text: 'calendar:\n  workdays: [mon, funday]\n',
      line: 2,
      path: 'calendar.workdays',
      message: /"funday" is not a weekday; use mon … sun/,
    },
    {
      name: 'a bad holiday',
      text: 'calendar:\n  holidays:\n    - 2026-10-01\n    - 2026/10/02\n',
      line: 4,
      path: 'calendar.holidays',
      message: /"2026\/10\/02" is not a date; write YYYY-MM-DD/,
    },
    {
      name: 'a backwards range',
      text: 'calendar:\n  holidays: [2026-10-07..2026-10-01]\n',
      line: 2,
      path: 'calendar.holidays',
      message: /must run forward/,
    },
    {
      name: 'a day both off and worked',
      text: 'calendar:\n  holidays: [2026-10-10]\n  extraWorkdays: [2026-10-10]\n',
      line: 3,
      path: 'calendar.extraWorkdays',
      message: /2026-10-10 is also a holiday/,
    },
    {
      name: 'an unknown calendar key',
      text: 'calendar:\n  timezone: Asia/Shanghai\n',
      line: 2,
      path: 'calendar.timezone',
      message: /unknown key "timezone"; the keys here are timeZone/,
    },
    { name: 'a warning share of 100% or more', text: 'warnBefore: 150%\n', line: 1, path: 'warnBefore', message: /give less than 100%/ },
    {
      name: 'a warning without a unit',
      text: 'warnBefore: 25\n',
      line: 1,
      path: 'warnBefore',
      message: /"25" has no unit; write a share such as 25%/,
    },
    {
      name: 'an escalation mixing units',
      text: 'escalateAfter: 1wd4h\n',
      line: 1,
      path: 'escalateAfter',
      message: /mixes working days with hours/,
    },
    { name: 'reminders in working days', text: 'remindEvery: 1wd\n', line: 1, path: 'remindEvery', message: /remindEvery is elapsed time/ },
    { name: 'useDefaults that is no boolean', text: 'useDefaults: yes\n', line: 1, path: 'useDefaults', message: /write true .* or false/ },
    {
      name: 'an unknown top-level key',
      text: 'rule:\n  - id: x\n',
      line: 1,
      path: 'rule',
      message: /unknown key "rule"; the keys here are rules, useDefaults/,
    },
    { name: 'a list instead of a map', text: '- id: x\n', line: 1, path: '', message: /a policy is a map/ },
    { name: 'broken YAML', text: 'rules:\n  - id: x\n   target: [2h\n', line: 3, path: '', message: /not valid YAML or JSON/ },
    {
      name: 'broken JSON (a missing comma)',
      text: '{\n  "rules": [\n    { "id": "x" "target": "2h" }\n  ]\n}\n',
      line: 3,
      path: '',
      message: /not valid YAML or JSON/,
    },
    { name: 'a repeated key', text: 'warnBefore: 25%\nwarnBefore: 10%\n', line: 2, path: '', message: /unique/ },
  ];
  for (const { name, text, line, path, message } of errors) {
    it(`names the line, field and fix of ${name}`, () => {
      const result = parsePolicy(text);
      assert.equal(result.policy, undefined);
      const problem = result.problems.find((candidate) => candidate.path === path && message.test(candidate.message));
      assert.ok(problem, `expected ${path}: ${message}; got ${JSON.stringify(result.problems)}`);
      assert.equal(problem.line, line, JSON.stringify(problem));
    });
  }

  it('reports every problem of a file at once, in line order', () => {
    const result = parsePolicy(
      'rules:\n  - id: x\n    target: soon\n  - id: y\n    target: 2h\n    clock: sundial\ncalendar:\n  timeZone: Nowhere\n',
    );
    assert.deepEqual(
      result.problems.map((problem) => [problem.line, problem.path]),
      [
        [3, 'rules[0].target'],
        [6, 'rules[1].clock'],
        [8, 'calendar.timeZone'],
      ],
    );
  });
});

describe('parseDuration', () => {
  it('reads units alone and combined, in English and Chinese', () => {
    const read = (text: string): [number, number] => {
      const duration = parseDuration(text);
      assert.ok(typeof duration !== 'string', String(duration));
      return [duration.minutes, duration.workingDays];
    };
    assert.deepEqual(read('30m'), [30, 0]);
    assert.deepEqual(read('2h'), [120, 0]);
    assert.deepEqual(read('1h30m'), [90, 0]);
    assert.deepEqual(read('1.5h'), [90, 0]);
    assert.deepEqual(read('2 hours'), [120, 0]);
    assert.deepEqual(read('2d'), [2880, 0]);
    assert.deepEqual(read('2wd'), [0, 2]);
    assert.deepEqual(read('2小时'), [120, 0]);
    assert.deepEqual(read('30分钟'), [30, 0]);
    assert.deepEqual(read('2个工作日'), [0, 2]);
  });

  it('refuses nonsense and zero', () => {
    assert.match(String(parseDuration('soon')), /"soon" is not a duration/);
    assert.match(String(parseDuration('')), /is empty/);
    assert.match(String(parseDuration('0m')), /is zero/);
    assert.equal(typeof parseDuration('0m', true), 'object');
  });
});
