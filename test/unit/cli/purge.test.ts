// `liaison purge`: the preview lists what expired and changes nothing; --apply purges and logs it;
// a bad policy file is refused with its line and field, and nothing is purged.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { purgeCommand } from '../../../src/cli/commands/purge';
import { LocalStore } from '../../../src/store/localStore';
import { purgeLog } from '../../../src/store/purge';
import { listRecords, putRecord } from '../../../src/store/recordsDoc';
import { retentionRecord } from '../domain/retentionFixtures';
import { tempDir, useCleanup } from '../search/helpers';
import { runInProcess } from './inProcess';
import type { Run } from './inProcess';

function liaison(...argv: string[]): Promise<Run> {
  return runInProcess([purgeCommand], argv);
}

async function storeState(root: string): Promise<{ ids: string[]; purges: number }> {
  const store = new LocalStore(root);
  try {
    const space = await store.openSpace('internal');
    return {
      ids: listRecords(space.doc)
        .records.map((record) => record.id)
        .sort(),
      purges: purgeLog(space.doc).length,
    };
  } finally {
    await store.close();
  }
}

describe('liaison purge', () => {
  const cleanup = useCleanup();
  let root: string;

  beforeEach(async () => {
    root = await tempDir(cleanup, 'liaison-purge-');
    const store = new LocalStore(root);
    const space = await store.openSpace('internal');
    putRecord(
      space.doc,
      retentionRecord('R-old-message', 'internal-message', '2024-05-01T00:00:00.000Z', { title: '关于旧版发布窗口的通知-已结束' }),
    );
    putRecord(space.doc, retentionRecord('R-old-notice', 'internal-notice', '2024-05-01T00:00:00.000Z'));
    putRecord(space.doc, retentionRecord('R-recent-notice', 'internal-notice', '2026-01-01T00:00:00.000Z'));
    putRecord(space.doc, retentionRecord('R-open', 'internal-message'));
    putRecord(space.doc, retentionRecord('R-client', 'client-feedback', '2020-02-01T00:00:00.000Z'));
    await store.close();
  });

  it('previews a table of what expired, and changes nothing', async () => {
    const run = await liaison('purge', '--store', root, '--at', '2027-06-01 08:00');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^space\s+shelf\s+id\s+kind\s+title\s+archived\s+expired since\s+rule$/);
    assert.match(
      lines[1],
      /^internal\s+active\s+R-old-message\s+internal-message\s+关于旧版发布窗口的通知-已结束\s+2024-05-01 08:00\s+2024-11-01 08:00\s+messages \(6 months\)$/,
    );
    assert.match(
      lines[2],
      /^internal\s+active\s+R-old-notice\s+internal-notice\s+Record R-old-notice\s+2024-05-01 08:00\s+2026-05-01 08:00\s+files \(2 years\)$/,
    );
    assert.equal(lines[3], '2 record(s) would be purged, 3 kept (policy: built-in rules; run again with --apply to purge)');
    assert.deepEqual(await storeState(root), {
      ids: ['R-client', 'R-old-message', 'R-old-notice', 'R-open', 'R-recent-notice'],
      purges: 0,
    });

    const json = await liaison('purge', '--store', root, '--at', '2027-06-01T00:00:00Z', '--json');
    const parsed = JSON.parse(json.stdout) as { expired: { id: string; rule: string }[]; kept: number };
    assert.deepEqual(
      parsed.expired.map((candidate) => `${candidate.id}:${candidate.rule}`),
      ['R-old-message:messages', 'R-old-notice:files'],
    );
    assert.equal(parsed.kept, 3);
  });

  it('--apply purges the expired records and logs the purge in the space', async () => {
    const run = await liaison('purge', '--store', root, '--space', 'internal', '--at', '2027-06-01 08:00', '--apply', '--by', '王芳');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'space internal: purged 2 record(s)\npurged 2 record(s), 3 kept\n');
    assert.deepEqual(await storeState(root), { ids: ['R-client', 'R-open', 'R-recent-notice'], purges: 1 });
    const again = await liaison('purge', '--store', root, '--at', '2027-06-01 08:00', '--apply');
    assert.equal(again.stdout, 'purged 0 record(s), 3 kept\n');
    assert.deepEqual((await storeState(root)).purges, 1, 'a purge that deletes nothing logs nothing');
  });

  it('a policy file with a problem is refused with its line, field and fix; nothing is purged', async () => {
    const policy = join(root, 'retention.yaml');
    await writeFile(policy, 'rules:\n  - kind: internal-notice\n    keep: 18 moons\n');
    const run = await liaison('purge', '--store', root, '--policy', policy, '--apply');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /retention\.yaml:3: rules\[0\]\.keep: "moons" in "18 moons" is not a unit; write a whole number and a unit/);
    assert.match(run.stderr, /nothing was purged/);
    assert.equal((await storeState(root)).ids.length, 5);

    await writeFile(policy, 'rules:\n  - kind: internal-notice\n    keep: 18 months\n');
    // Under the built-in 2 years the notice expires 2026-05-01; under the file's 18 months, 2025-11-01.
    const expiredAt = async (...flags: string[]): Promise<string[]> => {
      const preview = await liaison('purge', '--store', root, '--at', '2026-01-01 00:00', '--json', ...flags);
      return (JSON.parse(preview.stdout) as { expired: { id: string }[] }).expired.map((candidate) => candidate.id);
    };
    assert.deepEqual(await expiredAt(), ['R-old-message']);
    assert.deepEqual(await expiredAt('--policy', policy), ['R-old-message', 'R-old-notice']);
    const bad = await liaison('purge', '--store', root, '--at', 'next week');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--at is "next week": give an ISO time/);
  });
});
