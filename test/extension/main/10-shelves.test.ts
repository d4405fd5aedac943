// Archive shelves in a real VS Code: records closed with Liaison: Close move to the shelf of their
// month once `liaison.archive.shelveAfterDays` allows (0 here) and a pass runs; they leave the active
// space (`replica.records()`), yet the Archive tree lists them under month and topic (read from the
// shelf), search finds them (the shelf's own index, on disk next to the spaces'), the record view
// opens them, and Reopen on a shelved record brings it back to the active space at the next pass.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { newEventId, newRecordId } from '../../../src/domain/ids';
import type { FieldValue, LiaisonRecord } from '../../../src/domain/record';
import { deriveState } from '../../../src/domain/status';
import type { ArchiveNode } from '../../../src/vscode/features/archiveTree';
import { archivedAt, monthOf } from '../../../src/vscode/features/archiveTree';
import { searchRecords } from '../../../src/vscode/features/search/search';
import type { ActionOutcome } from '../helpers';
import { liaison, testEnv, waitFor } from '../helpers';

const run = (): string => testEnv('LIAISON_TEST_RUN_ID');

function knowledgeEntry(space: string, title: string, fields: Record<string, FieldValue>, body: string): LiaisonRecord {
  const now = new Date();
  return {
    id: newRecordId(now),
    kind: 'knowledge-entry',
    space,
    title,
    fields: { sender: '王芳', ...fields },
    body,
    createdBy: '王芳',
    createdAt: now.toISOString(),
    events: [{ id: newEventId(), type: 'sent', actor: '王芳', actorDepartment: '产品部', at: now.toISOString() }],
  };
}

function recordViewTitles(): string[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('liaison.record'))
    .map((tab) => tab.label);
}

describe('archive shelves (王芳)', () => {
  it('keeps shelved records in the Archive, in search and in the record view, and brings a reopened one back', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    const space = replica.spaceNames[0];
    const tagged = knowledgeEntry(
      space,
      `Ledger${run()} cutover: retrospective written - Finance`,
      { category: 'process', tags: [`shelf-${run()}`] },
      '## Problem\n\nThe old ledger stayed open.\n\n## Cause\n\nNo cutover date.\n\n## Solution\n\nA cutover date.\n\n## Lessons\n\nDate every cutover.',
    );
    const untagged = knowledgeEntry(
      space,
      `Archive drill ${run()}: retrospective written - Product`,
      { category: 'process' },
      '## Problem\n\n书架演练记录。\n\n## Cause\n\nNone.\n\n## Solution\n\nA drill.\n\n## Lessons\n\nDrill yearly.',
    );
    for (const record of [tagged, untagged]) await replica.add(record);
    for (const record of [tagged, untagged]) {
      const outcome = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', { space, id: record.id });
      assert.equal(outcome.done, true, outcome.reason);
    }
    const closed = replica.record(space, tagged.id)!;
    const month = monthOf(archivedAt(closed)!, api.services.policy.current.calendar.zone);

    const settings = vscode.workspace.getConfiguration('liaison');
    await settings.update('archive.shelveAfterDays', 0, vscode.ConfigurationTarget.Workspace);
    try {
      // The pass moves both records out of the active space (with a server, once it holds the copies).
      const result = await api.shelving.shelveNow();
      assert.ok(result, 'the pass ran');
      await waitFor('both records on their shelf', async () => {
        if (replica.record(space, tagged.id) || replica.record(space, untagged.id)) await api.shelving.shelveNow();
        return !replica.record(space, tagged.id) && !replica.record(space, untagged.id);
      });
      assert.ok(!replica.records().some((record) => record.id === tagged.id), 'no longer in the active records');
      const shelf = replica.shelves(space).find((info) => info.month === month);
      assert.ok(shelf && shelf.count >= 2, `the catalog lists ${month}: ${JSON.stringify(replica.shelves(space))}`);
      assert.equal(shelf.name, `${space}.archive.${month}`);

      // Archive: the month and its topics, the records read from the shelf.
      const monthNode = await waitFor('the month in the Archive', async () =>
        (await api.archive.getChildren()).find((node) => node.kind === 'month' && node.month.month === month),
      );
      assert.ok(monthNode.kind === 'month' && monthNode.month.count >= 2, 'the month counts the shelved records');
      const recordsUnder = async (topic: string): Promise<string[]> => {
        const topics = await api.archive.getChildren(monthNode);
        const node = topics.find((candidate) => candidate.kind === 'topic' && candidate.topic === topic);
        return node
          ? (await api.archive.getChildren(node)).map((child: ArchiveNode) => (child.kind === 'record' ? child.record.id : ''))
          : [];
      };
      assert.ok((await recordsUnder(`shelf-${run()}`)).includes(tagged.id), 'filed under its first tag');
      assert.ok((await recordsUnder('Process')).includes(untagged.id), 'no tag: filed under its category');
      const item = api.archive.getTreeItem({ kind: 'record', month, topic: `shelf-${run()}`, record: closed });
      assert.deepEqual(item.command?.arguments, [{ space, id: tagged.id }]);

      // Search: the shelf has its own index, and a hit opens the record view.
      // Every index has followed the move: the space's removed the records, the shelf's has them.
      await api.search.index.flush();
      await api.search.index.whenShelvesIndexed();
      assert.ok(existsSync(join(api.services.storeRoot(), 'search', shelf.name, 'manifest.json')), 'the shelf index is on disk');
      const hit = await waitFor('search to find the shelved record', async () =>
        (await searchRecords(api.services, api.search.index, `ledger${run()}`)).find((candidate) => candidate.ref?.id === tagged.id),
      );
      assert.deepEqual(hit.ref, { space, id: tagged.id });
      assert.match(hit.description ?? '', /Archived/);
      assert.equal(replica.record(space, tagged.id), undefined, 'found while it is only on the shelf');
      const opened = await vscode.commands.executeCommand<LiaisonRecord | undefined>('liaison.openRecord', hit.ref);
      assert.equal(opened?.id, tagged.id, 'the command returns the shelved record');
      await waitFor('the record view of the shelved record', () => recordViewTitles().includes(tagged.title));
      // A shelf's name stands for its space.
      const byShelf = await vscode.commands.executeCommand<LiaisonRecord | undefined>('liaison.openRecord', {
        space: shelf.name,
        id: untagged.id,
      });
      assert.equal(byShelf?.id, untagged.id);
      await waitFor('the record view of the other record', () => recordViewTitles().includes(untagged.title));

      // Reopen, as the record view's button does: the event goes to the shelf; the next pass brings it back.
      const reopened = await vscode.commands.executeCommand<ActionOutcome>('liaison.reopen', {
        space,
        id: tagged.id,
        reason: 'The cutover date moved',
      });
      assert.equal(reopened.done, true, reopened.reason);
      const back = await waitFor('the reopened record back in the active space', async () => {
        if (!replica.record(space, tagged.id)) await api.shelving.shelveNow();
        return replica.record(space, tagged.id);
      });
      assert.notEqual(deriveState(back).status, 'archived');
      assert.ok(
        replica.records().some((record) => record.id === tagged.id),
        'listed with the active records again (Pending, Sent)',
      );
      assert.equal(replica.record(space, untagged.id), undefined, 'the other record stays on the shelf');
      await waitFor('the reopened record to leave the Archive', async () => !(await recordsUnder(`shelf-${run()}`)).includes(tagged.id));
      assert.ok((await recordsUnder('Process')).includes(untagged.id));
    } finally {
      await settings.update('archive.shelveAfterDays', undefined, vscode.ConfigurationTarget.Workspace);
      const views = vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('liaison.record'));
      await vscode.window.tabGroups.close(views);
    }
  });
});
