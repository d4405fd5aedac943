// `liaison policy show|set` on a real store folder: set checks the files and appends a version
// (history kept, .ics files stored with it), a bad file prints each problem with its line, field
// and fix and writes nothing, and show prints the version in force or says the built-in rules apply.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readTeamPolicy, teamPolicyVersions } from '../../../src/app/teamPolicy';
import { dueCommand } from '../../../src/cli/commands/due';
import { policyCommand } from '../../../src/cli/commands/policy';
import { purgeCommand } from '../../../src/cli/commands/purge';
import { LocalStore } from '../../../src/store/localStore';
import { Cleanup, tempDir } from '../search/helpers';
import { runBundled } from './bundled';
import { runInProcess } from './inProcess';
import type { Run } from './inProcess';

function liaison(...argv: string[]): Promise<Run> {
  return runInProcess([policyCommand], argv);
}

async function versions(root: string): Promise<ReturnType<typeof teamPolicyVersions>> {
  const store = new LocalStore(root);
  try {
    return teamPolicyVersions((await store.openSpace('team')).doc);
  } finally {
    await store.close();
  }
}

const HOLIDAYS = [
  'BEGIN:VCALENDAR',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270102',
  'SUMMARY:元旦',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('liaison policy', () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  let root: string;
  let dir: string;

  beforeEach(async () => {
    root = await tempDir(cleanup, 'liaison-policy-');
    dir = join(root, 'files');
    await mkdir(dir);
    const store = new LocalStore(root);
    await store.openSpace('team');
    await store.close();
  });

  it('show says the built-in rules apply to a space without a version', async () => {
    const run = await liaison('policy', 'show', '--store', root, '--space', 'team');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /space team has no team policy: the built-in rules are in force/);
  });

  it('set appends a version (with the .ics it names) that show prints, and keeps the history', async () => {
    await writeFile(join(dir, 'policy.yaml'), 'remindEvery: 2h\ncalendar:\n  ics: holidays.ics\n');
    await writeFile(join(dir, 'holidays.ics'), HOLIDAYS);
    const first = await liaison('policy', 'set', '--store', root, '--space', 'team', join(dir, 'policy.yaml'), '--by', 'wang');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^space team: version tp-\S+ set by wang/);
    await writeFile(join(dir, 'retention.yaml'), 'rules:\n  - { id: messages, keep: 90 days }\n');
    const second = await liaison(
      'policy',
      'set',
      '--store',
      root,
      '--space',
      'team',
      '--retention',
      join(dir, 'retention.yaml'),
      '--by',
      'li',
    );
    assert.equal(second.code, 0, second.stderr);

    const stored = await versions(root);
    assert.deepEqual(
      stored.map((version) => version.by),
      ['wang', 'li'],
    );
    assert.equal(stored[1].policy, 'remindEvery: 2h\ncalendar:\n  ics: holidays.ics\n', 'a part not given keeps the text in force');
    assert.deepEqual(stored[1].ics, [{ path: 'holidays.ics', text: HOLIDAYS }]);
    const store = new LocalStore(root);
    try {
      const team = readTeamPolicy((await store.openSpace('team')).doc);
      assert.equal(team.policy.remindEvery.minutes, 120);
      assert.ok(!team.calendar.isWorkingDay('2027-01-01'), 'the holiday (a Friday) of the stored .ics applies');
      assert.ok(team.calendar.isWorkingDay('2027-01-04'));
    } finally {
      await store.close();
    }

    const show = await liaison('policy', 'show', '--store', root, '--space', 'team');
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, new RegExp(`^# in force: space team \\(version ${stored[1].id}, set by li at `));
    assert.match(show.stdout, /# policy.yaml\nremindEvery: 2h\n/);
    assert.match(show.stdout, /# retention.yaml\nrules:\n {2}- \{ id: messages, keep: 90 days \}\n/);
    const history = await liaison('policy', 'show', '--store', root, '--space', 'team', '--history');
    assert.deepEqual(
      history.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/)[0]),
      [stored[1].id, stored[0].id],
    );
    assert.match(history.stdout.split('\n')[0], /\(in force\)$/);
    const same = await liaison('policy', 'set', '--store', root, '--space', 'team', '--retention', join(dir, 'retention.yaml'));
    assert.match(same.stdout, /already in force/);
    assert.equal((await versions(root)).length, 2, 'setting what is in force writes nothing');
  });

  it('a bad file prints each problem with its line, field and fix, exits 1 and writes nothing', async () => {
    const file = join(dir, 'policy.yaml');
    await writeFile(file, 'remindEvery: 4h\nrules:\n  - id: quick\n    target: soon\n');
    await writeFile(join(dir, 'retention.yaml'), 'rules:\n  - kind: internal-notice\n    keep: 18 moons\n');
    const run = await liaison('policy', 'set', '--store', root, '--space', 'team', file, '--retention', join(dir, 'retention.yaml'));
    assert.equal(run.code, 1);
    assert.ok(run.stderr.includes(`${file}:4: rules[0].target: `), run.stderr);
    assert.match(run.stderr, /retention\.yaml:3: rules\[0\]\.keep: "moons" in "18 moons" is not a unit; write a whole number and a unit/);
    assert.match(run.stderr, /nothing was written to space team/);
    assert.equal((await versions(root)).length, 0);
    const missing = await liaison('policy', 'set', '--store', root, '--space', 'team', join(dir, 'none.yaml'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*none\.yaml: ENOENT/);
  });

  it('due and purge run the policy stored with the space, ahead of the workspace files; --policy still wins', async () => {
    await writeFile(join(dir, 'policy.yaml'), 'calendar:\n  timeZone: America/New_York\n');
    await writeFile(join(dir, 'retention.yaml'), 'rules:\n  - { id: messages, keep: 90 days }\n');
    const set = await liaison(
      'policy',
      'set',
      '--store',
      root,
      '--space',
      'team',
      join(dir, 'policy.yaml'),
      '--retention',
      join(dir, 'retention.yaml'),
    );
    assert.equal(set.code, 0, set.stderr);
    const due = await runInProcess(
      [dueCommand],
      ['due', '--store', root, '--space', 'team', '--kind', 'internal-message', '--at', '2026-12-01T15:00:00Z'],
    );
    assert.equal(due.code, 0, due.stderr);
    assert.match(due.stdout, /^due\s+\S+ \S+ America\/New_York/);
    const withFile = await runInProcess(
      [dueCommand],
      ['due', '--store', root, '--kind', 'internal-message', '--at', '2026-12-01T15:00:00Z', '--policy', join(dir, 'other.yaml')],
    );
    assert.equal(withFile.code, 1, 'a file named on the command line is read, not the space');
    const purge = await runInProcess([purgeCommand], ['purge', '--store', root, '--json']);
    assert.equal(purge.code, 0, purge.stderr);
    assert.match((JSON.parse(purge.stdout) as { policy: string }).policy, /^space team \(version tp-/);
  });

  it('the bundled tool sets and shows the policy, and lists policy and directory in its help', async () => {
    await writeFile(join(dir, 'policy.yaml'), 'remindEvery: 3h\n');
    const set = await runBundled(['policy', 'set', '--store', root, '--space', 'team', join(dir, 'policy.yaml')]);
    assert.equal(set.code, 0, set.stderr);
    const show = await runBundled(['policy', 'show', '--store', root, '--space', 'team', '--json']);
    assert.equal(show.code, 0, show.stderr);
    assert.equal((JSON.parse(show.stdout) as { policy: string; inForce: boolean }).policy, 'remindEvery: 3h\n');
    const help = await runBundled(['--help']);
    assert.match(help.stdout, /^\s+policy\s+show the team policy/m);
    assert.match(help.stdout, /^\s+directory\s+import a space's directory/m);
  });

  it('a wrong command line is a usage error naming the fix', async () => {
    const run = await liaison('policy', 'edit', '--store', root);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"edit" is not an action; use show or set FILE/);
    const none = await liaison('policy', 'set', '--store', root, '--space', 'team');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give the policy file/);
    const unknown = await liaison('policy', 'show', '--store', root, '--space', 'other');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no space other in .*; it holds team/);
  });
});
