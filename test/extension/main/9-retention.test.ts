// Retention in a real VS Code: Preview Retention Purge opens a markdown document listing a message
// closed years ago (and not one closed today); Purge Expired Records deletes it from the replica,
// keeps the other, and logs the purge in the space. A second expired message sits on an archive
// shelf: the preview names its shelf, and the purge deletes it there, logged in the space's log.
// Then `liaison purge`, run on a copy of the same store, plans and deletes the same records.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { monthOf, shelfCatalog } from '../../../src/store/shelves';
import { COMMANDS } from '../../../src/vscode/commands';
import type { PurgeCommandResult } from '../../../src/vscode/features/retention';
import { retentionRecord } from '../../unit/domain/retentionFixtures';
import { liaison, testEnv } from '../helpers';

describe('retention purge (王芳)', () => {
  it('previews the expired record in a markdown document, then purges it and keeps the rest', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    const space = replica.spaceNames[0];
    const run = testEnv('LIAISON_TEST_RUN_ID');
    const expired = retentionRecord(`R-retention-old-${run}`, 'internal-message', '2020-02-01T00:00:00.000Z', {
      space,
      title: `旧消息 ${run}: closed in 2020`,
    });
    const live = retentionRecord(`R-retention-new-${run}`, 'internal-message', new Date().toISOString(), {
      space,
      title: `新消息 ${run}: closed today`,
    });
    const shelved = retentionRecord(`R-retention-shelved-${run}`, 'internal-message', '2020-01-15T00:00:00.000Z', {
      space,
      title: `归档消息 ${run}: shelved since 2020`,
    });
    const shelf = `${space}.archive.2020-01`;
    // Moved to its shelf by a pass as of 2020-01-20: only records closed before then move.
    await replica.add(shelved);
    await replica.shelve({ afterDays: 0, now: new Date('2020-01-20T00:00:00.000Z') });
    assert.equal(replica.record(space, shelved.id), undefined, 'the old message left the active space');
    assert.equal((await replica.findRecord(space, shelved.id))?.title, shelved.title, 'it is on its shelf');
    await replica.add(expired);
    await replica.add(live);

    const preview = await vscode.commands.executeCommand<PurgeCommandResult>(COMMANDS.previewPurge);
    assert.ok(preview, 'the preview ran');
    assert.ok(preview.expired.some((candidate) => candidate.id === expired.id && candidate.rule === 'messages'));
    assert.ok(!preview.expired.some((candidate) => candidate.id === live.id));
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.languageId, 'markdown');
    assert.ok(document?.getText().includes(expired.title), 'the preview lists the expired record');
    assert.ok(!document?.getText().includes(live.title), 'and not the live one');
    assert.ok(
      preview.expired.some((candidate) => candidate.id === shelved.id && candidate.space === space),
      'the preview plans the shelved record',
    );
    assert.ok(
      document
        ?.getText()
        .split('\n')
        .some((line) => line.includes(shelved.title) && line.includes('| 2020-01 |')),
      'and names its shelf',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const result = await vscode.commands.executeCommand<PurgeCommandResult>(COMMANDS.purge, { confirm: false });
    assert.ok(result?.purged !== undefined && result.purged >= 1, 'something was purged');
    assert.equal(replica.record(space, expired.id), undefined, 'the expired record is gone');
    assert.equal(replica.record(space, live.id)?.title, live.title, 'the live record stays');
    const log = replica.purgeLog(space);
    assert.ok(
      log.some((entry) => entry.ids.includes(expired.id) && entry.by === '王芳'),
      'the purge is logged',
    );
    assert.equal(await replica.findRecord(space, shelved.id), undefined, 'the shelved record is gone from its shelf');
    assert.ok(
      log.some((entry) => entry.ids.includes(shelved.id) && entry.shelf === shelf),
      "its purge is in the space's log, naming the shelf",
    );
  });

  it('purges the records `liaison purge` purges from a copy of the same store', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    const space = replica.spaceNames[0];
    const run = testEnv('LIAISON_TEST_RUN_ID');
    const ids = {
      active: `R-parity-active-${run}`,
      shelved: `R-parity-shelved-${run}`,
      kept: `R-parity-kept-${run}`,
      recent: `R-parity-recent-${run}`,
    };
    await replica.add(retentionRecord(ids.shelved, 'internal-message', '2020-03-10T00:00:00.000Z', { space }));
    await replica.add(retentionRecord(ids.kept, 'external-request', '2020-03-11T00:00:00.000Z', { space }));
    await replica.shelve({ afterDays: 0, now: new Date('2020-03-20T00:00:00.000Z') });
    // A message closed 90 days ago is on a shelf no purge opens yet (nothing there can have expired);
    // its catalog count is advisory, and here stale: both count what the catalog says.
    const recent = new Date(Date.now() - 90 * 86_400_000);
    await replica.add(retentionRecord(ids.recent, 'internal-message', recent.toISOString(), { space }));
    await replica.shelve({ afterDays: 0, now: new Date(recent.getTime() + 86_400_000) });
    const recentShelf = replica.shelves(space).find((shelf) => shelf.month === monthOf(recent.toISOString()))!;
    shelfCatalog(replica.doc(space)!).set(recentShelf.month, recentShelf.count + 5);
    // Written to disk with the catalog's change (a flush covers every change before it).
    await replica.add(retentionRecord(ids.active, 'internal-message', '2020-04-01T00:00:00.000Z', { space }));

    // The window keeps its store open: the command line reads a copy.
    const copy = join(mkdtempSync(join(tmpdir(), 'liaison-purge-parity-')), 'store');
    cpSync(api.services.storeRoot(), copy, { recursive: true });
    const cli = (...args: string[]): unknown => {
      const result = spawnSync(
        process.execPath,
        [join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js'), 'purge', '--store', copy, ...args],
        {
          cwd: vscode.workspace.workspaceFolders![0].uri.fsPath,
          encoding: 'utf8',
        },
      );
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout);
    };
    const key = (candidate: { space: string; id: string }): string => `${candidate.space}:${candidate.id}`;

    const preview = await vscode.commands.executeCommand<PurgeCommandResult>(COMMANDS.previewPurge);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const planned = cli('--json', '--at', new Date().toISOString()) as { expired: { space: string; id: string }[]; kept: number };
    assert.deepEqual(preview.expired.map(key).sort(), planned.expired.map(key).sort(), 'the same records expired');
    assert.ok(
      planned.expired.some((candidate) => candidate.id === ids.shelved) && planned.expired.some((candidate) => candidate.id === ids.active),
    );
    assert.equal(
      preview.kept,
      planned.kept,
      `the same count kept (a shelf not opened counts as its catalog says): ${preview.kept} here, ${planned.kept} there`,
    );

    const result = await vscode.commands.executeCommand<PurgeCommandResult>(COMMANDS.purge, { confirm: false });
    const applied = cli('--json', '--apply', '--by', '王芳') as { purged: { space: string; ids: string[] }[] };
    const purgedHere = new Set(result.expired.map(key));
    const purgedThere = new Set(applied.purged.flatMap((entry) => entry.ids.map((id) => `${entry.space}:${id}`)));
    assert.deepEqual([...purgedHere].sort(), [...purgedThere].sort(), 'the same records purged');
    assert.equal(result.purged, purgedThere.size);
    assert.equal(await replica.findRecord(space, ids.shelved), undefined);
    assert.equal((await replica.findRecord(space, ids.kept))?.id, ids.kept, 'a client record is kept for ever');
  });
});
