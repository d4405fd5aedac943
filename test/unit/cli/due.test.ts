import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/command';
import { dueCommand } from '../../../src/cli/commands/due';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written, synchronously. */
function sink(): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { write: (chunk: string | Uint8Array): boolean => chunks.push(String(chunk)) > 0 } as unknown as NodeJS.WritableStream;
  return { stream, text: () => chunks.join('') };
}

/** `liaison due …` in process, with captured output. */
async function due(...args: string[]): Promise<Run> {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli([dueCommand], ['due', ...args], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    waitForStop: () => new Promise<string>(() => undefined),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('liaison due', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'liaison-due-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the due time in ISO and in the calendar zone, and the rule', async () => {
    const run = await due('--kind', 'internal-message', '--priority', 'high', '--at', '2026-05-22T17:30:00+08:00', '--lang', 'en');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'due        2026-05-25 10:30 Asia/Shanghai (2026-05-25T02:30:00.000Z)');
    assert.equal(lines[1], 'rule       high: high priority: 2 h (target 2h, working clock, stage respond)');
    assert.equal(lines[2], 'from       2026-05-22 17:30 Asia/Shanghai (2026-05-22T09:30:00.000Z)');
    assert.match(lines[3], /^warn at    2026-05-25 10:00 /);
    assert.match(lines[4], /^escalate   2026-05-27 10:30 /);
  });

  it('reads a time without a zone in the calendar zone; an emergency at 22:00 is due at 22:30', async () => {
    const run = await due('--kind', 'emergency', '--at', '2026-05-20 22:00', '--lang', 'zh');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^due        2026-05-20 22:30 Asia\/Shanghai \(2026-05-20T14:30:00\.000Z\)\n/);
    assert.match(run.stdout, /rule       emergency: 紧急事务：30 分钟（自然时间） \(target 30m, wall clock/);
  });

  it('--json with --field, --stage and --now', async () => {
    const run = await due(
      '--kind=external-request',
      '--priority=medium',
      '--field',
      'counterpartType=client',
      '--at',
      '2026-05-20T15:00:00+08:00',
      '--now',
      '2026-05-21T12:00:00+08:00',
      '--json',
    );
    assert.equal(run.code, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(printed.due, '2026-05-21T02:00:00.000Z');
    assert.equal(printed.dueLocal, '2026-05-21 10:00');
    assert.equal(printed.timeZone, 'Asia/Shanghai');
    assert.deepEqual(printed.rule, {
      id: 'client-request',
      description: { zh: '外部客户消息：4 小时', en: 'external client message: 4 h' },
      stage: 'respond',
      target: '4h',
      clock: 'working',
    });
    assert.deepEqual(printed.state, { state: 'breached', minutesLeft: -120, minutesOver: 120 });

    const accept = JSON.parse(
      (
        await due(
          '--kind',
          'collaboration-request',
          '--priority',
          'medium',
          '--stage',
          'deliveryAcceptance',
          '--at',
          '2026-05-20 10:00',
          '--json',
        )
      ).stdout,
    ) as { dueLocal: string; rule: { id: string } };
    assert.equal(accept.dueLocal, '2026-05-25 10:00');
    assert.equal(accept.rule.id, 'delivery-acceptance');
  });

  it('prints the state relative to --now in the chosen language', async () => {
    const highSentAt10 = (now: string, lang: string): Promise<Run> =>
      due('--kind', 'internal-message', '--priority', 'high', '--at', '2026-05-20 10:00', '--now', now, '--lang', lang);
    const run = await highSentAt10('2026-05-20 15:00', 'zh');
    assert.match(run.stdout, /\nstate      breached, 已超时 3 小时\n$/);
    const early = await highSentAt10('2026-05-20 10:40', 'en');
    assert.match(early.stdout, /\nstate      ok, in 1 h 20 min\n$/);
  });

  it('applies a policy file and the .ics file it names', async () => {
    await mkdir(join(dir, 'feeds'), { recursive: true });
    await writeFile(
      join(dir, 'feeds', 'cn.ics'),
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261001\r\nDTEND;VALUE=DATE:20261008\r\nSUMMARY:国庆节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    await writeFile(join(dir, 'policy.yaml'), 'rules:\n  - id: client-request\n    target: 1h\ncalendar:\n  ics: feeds/cn.ics\n');
    const run = await due(
      '--kind',
      'external-request',
      '--priority',
      'low',
      '--field',
      'counterpartType=client',
      '--at',
      '2026-09-30 17:30',
      '--policy',
      join(dir, 'policy.yaml'),
      '--json',
    );
    assert.equal(run.code, 0, run.stderr);
    const printed = JSON.parse(run.stdout) as { dueLocal: string; rule: { id: string; target: string } };
    assert.equal(printed.dueLocal, '2026-10-08 09:30');
    assert.deepEqual([printed.rule.id, printed.rule.target], ['client-request', '1h']);
  });

  it('says when no response is expected', async () => {
    const run = await due('--kind', 'knowledge-entry', '--at', '2026-05-20 10:00', '--lang', 'en');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, 'no due: rule knowledge-entry: knowledge entry: no response expected (target none)\n');
  });

  it('notes a kind that is not built in', async () => {
    const run = await due('--kind', 'vendor-onboarding', '--priority', 'medium', '--at', '2026-05-20 10:00');
    assert.equal(run.code, 0);
    assert.match(run.stderr, /"vendor-onboarding" is not a built-in kind/);
    assert.match(run.stdout, /^due        2026-05-21 10:00 /);
  });

  it('exits 1 naming the file, line and field of a bad policy', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'rules:\n  - id: x\n    target: soon\n');
    const run = await due('--kind', 'emergency', '--at', '2026-05-20 10:00', '--policy', file);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`${file.replace(/[\\/.]/g, '\\$&')}:3: rules\\[0\\]\\.target: "soon" is not a duration`));
    assert.equal(run.stdout, '');
  });

  it('exits 1 naming a missing policy or .ics file, and a malformed .ics line', async () => {
    const missing = await due('--kind', 'emergency', '--policy', join(dir, 'nope.yaml'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read the policy .*nope\.yaml: ENOENT/);
    await writeFile(join(dir, 'no-ics.yaml'), 'calendar:\n  ics: missing.ics\n');
    const noIcs = await due('--kind', 'emergency', '--policy', join(dir, 'no-ics.yaml'));
    assert.equal(noIcs.code, 1);
    assert.match(noIcs.stderr, /cannot read missing\.ics, named by calendar\.ics of .*no-ics\.yaml: ENOENT/);
    await writeFile(join(dir, 'broken.ics'), 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:tomorrow\nEND:VEVENT\nEND:VCALENDAR\n');
    await writeFile(join(dir, 'broken-ics.yaml'), 'calendar:\n  ics: broken.ics\n');
    const broken = await due('--kind', 'emergency', '--policy', join(dir, 'broken-ics.yaml'));
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /broken\.ics:3: DTSTART "tomorrow" is not a date/);
  });

  const usage: { name: string; args: string[]; message: RegExp }[] = [
    { name: 'no --kind', args: ['--priority', 'high'], message: /--kind is required/ },
    { name: 'a malformed --kind', args: ['--kind', 'Internal Message'], message: /--kind is "Internal Message"/ },
    {
      name: 'an unknown --priority',
      args: ['--kind', 'internal-message', '--priority', 'asap'],
      message: /--priority is "asap": use urgent, high, medium, low/,
    },
    { name: 'an unreadable --at', args: ['--kind', 'emergency', '--at', 'tomorrow'], message: /--at is "tomorrow": give an ISO time/ },
    {
      name: 'an unreadable --now',
      args: ['--kind', 'emergency', '--at', '2026-05-20 10:00', '--now', '2026-13-01 10:00'],
      message: /--now is "2026-13-01 10:00"/,
    },
    {
      name: 'an unknown --stage',
      args: ['--kind', 'emergency', '--stage', 'deliver'],
      message: /--stage is "deliver": use respond, deliveryAcceptance, followUp/,
    },
    {
      name: 'a --field without =',
      args: ['--kind', 'emergency', '--field', 'complaint'],
      message: /--field is "complaint": write key=value/,
    },
    { name: 'a --field without a value', args: ['--kind', 'emergency', '--field'], message: /--field needs key=value/ },
    {
      name: 'the priority given twice',
      args: ['--kind', 'emergency', '--priority', 'high', '--field', 'priority=low'],
      message: /give the priority once/,
    },
    { name: 'an unknown flag', args: ['--kind', 'emergency', '--colour'], message: /unknown flag --colour/ },
    { name: 'a bad --lang', args: ['--kind', 'emergency', '--lang', 'fr'], message: /--lang is "fr"/ },
  ];
  for (const { name, args, message } of usage) {
    it(`exits 2 naming the flag for ${name}`, async () => {
      const run = await due(...args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /usage: liaison due --kind KIND/);
      assert.equal(run.stdout, '');
    });
  }
});
