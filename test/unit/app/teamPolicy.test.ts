import * as assert from 'node:assert/strict';
import * as Y from 'yjs';
import {
  TeamPolicyError,
  appendTeamPolicyVersion,
  checkTeamPolicy,
  readTeamPolicy,
  teamPolicyArray,
  teamPolicyVersions,
} from '../../../src/app/teamPolicy';
import { DEFAULT_POLICY } from '../../../src/domain/policyDefaults';

describe('team policy stored with the space', () => {
  it('runs the built-in policy while the space has no version', () => {
    const policy = readTeamPolicy(new Y.Doc());
    assert.equal(policy.version, undefined);
    assert.equal(policy.policy, DEFAULT_POLICY);
  });

  it('puts the last version in force and keeps the earlier ones as history, synced to another replica', () => {
    const doc = new Y.Doc();
    appendTeamPolicyVersion(doc, { by: 'wang', at: new Date('2026-12-01T01:00:00Z'), policy: 'remindEvery: 4h\n', retention: '' });
    appendTeamPolicyVersion(doc, {
      by: 'wang',
      at: new Date('2026-12-02T01:00:00Z'),
      policy: 'remindEvery: 1h\ncalendar:\n  timeZone: America/New_York\n',
      retention: '',
    });
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    assert.equal(teamPolicyVersions(peer).length, 2);
    const policy = readTeamPolicy(peer);
    assert.equal(policy.version?.at, '2026-12-02T01:00:00.000Z');
    assert.equal(policy.policy.calendar.timeZone, 'America/New_York');
  });

  it('refuses a bad policy with the file, line, field and fix, and writes nothing', () => {
    const doc = new Y.Doc();
    assert.throws(
      () =>
        appendTeamPolicyVersion(doc, {
          by: 'wang',
          at: new Date(),
          policy: 'remindEvery: 4h\nrules:\n  - id: quick\n    target: soon\n',
          retention: '',
        }),
      (error: unknown) => error instanceof TeamPolicyError && /^policy\.yaml:4: rules\[0\]\.target/.test(error.errors[0]),
    );
    assert.equal(teamPolicyArray(doc).length, 0);
    assert.match(checkTeamPolicy({ policy: '', retention: 'rules: 5\n' }).errors[0], /^retention\.yaml:1:/);
  });

  it('refuses a policy naming an .ics file it does not carry', () => {
    const checked = checkTeamPolicy({ policy: 'calendar:\n  ics: holidays.ics\n', retention: '' });
    assert.match(checked.errors[0], /holidays\.ics is not stored with the policy/);
  });

  it('skips a malformed version written by some other client and falls back to the one before', () => {
    const doc = new Y.Doc();
    appendTeamPolicyVersion(doc, { by: 'wang', at: new Date('2026-12-01T01:00:00Z'), policy: 'remindEvery: 3h\n', retention: '' });
    teamPolicyArray(doc).push([
      { id: 'bad', at: '2026-12-03T00:00:00Z', by: 'li', policy: 'rules: [ {target: x} ]', retention: '' },
      'junk',
    ]);
    const policy = readTeamPolicy(doc);
    assert.equal(policy.version?.at, '2026-12-01T01:00:00.000Z');
    assert.deepEqual(
      policy.skipped.map((entry) => entry.id),
      ['bad'],
    );
  });
});
