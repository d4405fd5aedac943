// The one policy loader (src/app/policyFiles.ts), as the editor and `liaison` call it: one behaviour
// for a file that is missing, broken, or names an .ics file that cannot be read; and the one
// directory rule (src/app/directory.ts).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { directorySpaceOf } from '../../../src/app/directory';
import { loadPolicyFiles, loadRetentionFiles } from '../../../src/app/policyFiles';
import type { PolicyFileReader } from '../../../src/app/policyFiles';
import type { DirectoryData } from '../../../src/domain/directory';
import { nodeFiles } from '../../../src/cli/records';
import { Cleanup, tempDir } from '../search/helpers';

/** The editor's reader: VS Code's file system rejects a missing file with code FileNotFound. */
function editorFiles(files: Record<string, string>): PolicyFileReader {
  return {
    readFile: (path) => {
      const text = files[path];
      if (text !== undefined) return Promise.resolve(text);
      return Promise.reject(Object.assign(new Error(`${path} not found`), { code: 'FileNotFound' }));
    },
  };
}

describe('the policy files, read once for every front end', () => {
  const cleanup = new Cleanup();
  after(() => cleanup.run());

  it('without a file: the built-in policy, nothing to say', async () => {
    const dir = await tempDir(cleanup, 'liaison-policy-');
    const loaded = await loadPolicyFiles(dir, nodeFiles);
    assert.equal(loaded.file, undefined);
    assert.deepEqual([loaded.errors, loaded.warnings], [[], []]);
    assert.equal(loaded.calendar.timeZone, 'Asia/Shanghai');
    assert.deepEqual(await loadRetentionFiles(dir, nodeFiles).then((result) => [result.file, result.errors]), [undefined, []]);
  });

  it('reads .liaison/policy.yaml with the .ics it names, relative to it, the same through either reader', async () => {
    const dir = await tempDir(cleanup, 'liaison-policy-');
    await mkdir(join(dir, '.liaison', 'feeds'), { recursive: true });
    const policy = 'calendar:\n  timeZone: America/New_York\n  ics: feeds/holidays.ics\n';
    const ics = 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260704\nSUMMARY:Independence Day\nEND:VEVENT\nEND:VCALENDAR\n';
    await writeFile(join(dir, '.liaison', 'policy.yaml'), policy);
    await writeFile(join(dir, '.liaison', 'feeds', 'holidays.ics'), ics);
    const fromDisk = await loadPolicyFiles(dir, nodeFiles);
    const fromEditor = await loadPolicyFiles(
      dir,
      editorFiles({ [join(dir, '.liaison', 'policy.yaml')]: policy, [join(dir, '.liaison', 'feeds', 'holidays.ics')]: ics }),
    );
    for (const loaded of [fromDisk, fromEditor]) {
      assert.deepEqual(loaded.errors, []);
      assert.equal(loaded.file, '.liaison/policy.yaml');
      assert.equal(loaded.calendar.timeZone, 'America/New_York');
      assert.equal(loaded.calendar.isWorkingDay('2026-07-04'), false, 'the holiday of the .ics file');
    }
  });

  it('does not use a policy whose .ics cannot be read, in the editor as on the command line', async () => {
    const dir = await tempDir(cleanup, 'liaison-policy-');
    await mkdir(join(dir, '.liaison'));
    const policy = 'rules:\n  - id: all\n    target: 1h\ncalendar:\n  ics: missing.ics\n';
    await writeFile(join(dir, '.liaison', 'policy.yaml'), policy);
    for (const reader of [nodeFiles, editorFiles({ [join(dir, '.liaison', 'policy.yaml')]: policy })]) {
      const loaded = await loadPolicyFiles(dir, reader);
      assert.equal(loaded.errors.length, 1);
      assert.match(
        loaded.errors[0],
        /^cannot read missing\.ics, named by calendar\.ics of \.liaison\/policy\.yaml: (ENOENT|FileNotFound)$/,
      );
      assert.equal(
        loaded.policy.rules.some((rule) => rule.id === 'all'),
        false,
        'the built-in policy, not half of this one',
      );
    }
  });

  it('names the line of a problem and uses none of that file; a missing --policy file is an error', async () => {
    const dir = await tempDir(cleanup, 'liaison-policy-');
    await mkdir(join(dir, '.liaison'));
    await writeFile(join(dir, '.liaison', 'policy.yml'), 'rules:\n  - id: x\n    target: soon\n');
    const loaded = await loadPolicyFiles(dir, nodeFiles);
    assert.match(loaded.errors[0], /^\.liaison\/policy\.yml:3: rules\[0\]\.target: "soon" is not a duration/);
    const missing = await loadPolicyFiles(dir, nodeFiles, { file: 'nope.yaml' });
    assert.deepEqual(missing.errors, ['cannot read the policy nope.yaml: ENOENT']);
    await writeFile(join(dir, '.liaison', 'retention.yaml'), 'rules:\n  - kind: internal-notice\n    keep: 18 moons\n');
    const retention = await loadRetentionFiles(dir, nodeFiles);
    assert.equal(retention.policy, undefined, 'nothing may be purged under a broken retention policy');
    assert.match(retention.errors[0], /^\.liaison\/retention\.yaml:3: rules\[0\]\.keep: "moons" in "18 moons" is not a unit/);
  });
});

describe('the directory space: one rule', () => {
  const people = (name: string): DirectoryData => ({ people: [{ name, department: 'D' }], departments: [] });
  const none: DirectoryData = { people: [], departments: [] };

  it('takes the space asked for, else the first holding a directory, else the default space', () => {
    const read = (space: string): DirectoryData => (space === 'b' || space === 'c' ? people(space) : none);
    assert.equal(directorySpaceOf(['a', 'b', 'c'], read, { directorySpace: 'c' }), 'c');
    assert.equal(directorySpaceOf(['a', 'b', 'c'], read, { directorySpace: 'elsewhere' }), 'b', 'a space not open is ignored');
    assert.equal(directorySpaceOf(['a', 'b', 'c'], read, {}), 'b');
    assert.equal(directorySpaceOf(['a', 'd'], read, { defaultSpace: 'd' }), 'd', 'no directory anywhere: where a new one goes');
    assert.equal(directorySpaceOf(['a', 'd'], read, {}), 'a');
    assert.equal(directorySpaceOf([], read, {}), undefined);
  });
});
