// Search and the Knowledge and Archive trees in a real VS Code: records in Chinese and English
// are found through the search worker (dist/searchWorker.js), through the function the quick pick
// uses and through the real quick pick (typed by the command, accepted by the workbench's own
// command), which opens the record view. A knowledge entry shows under its category; a record
// closed with Liaison: Close shows in the Archive under its month and topic.
import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { newEventId, newRecordId } from '../../../src/domain/ids';
import type { FieldValue, LiaisonRecord } from '../../../src/domain/record';
import type { ArchiveNode } from '../../../src/vscode/features/archiveTree';
import { archivedAt, monthOf } from '../../../src/vscode/features/archiveTree';
import type { KnowledgeNode } from '../../../src/vscode/features/knowledgeTree';
import { searchRecords } from '../../../src/vscode/features/search/search';
import type { ActionOutcome } from '../helpers';
import { liaison, testEnv, waitFor } from '../helpers';

const run = (): string => testEnv('LIAISON_TEST_RUN_ID');

function newRecord(space: string, kind: string, title: string, fields: Record<string, FieldValue>, body: string): LiaisonRecord {
  const now = new Date();
  return {
    id: newRecordId(now),
    kind,
    space,
    title,
    fields: { sender: '王芳', ...fields },
    body,
    createdBy: '王芳',
    createdAt: now.toISOString(),
    events: [{ id: newEventId(), type: 'sent', actor: '王芳', actorDepartment: '产品部', at: now.toISOString() }],
  };
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

describe('search, Knowledge and Archive (王芳)', () => {
  it('finds Chinese and English records, opens one from the quick pick, and files entries in the trees', async () => {
    const api = await liaison();
    const replica = api.services.replica!;
    const space = replica.spaceNames[0];
    const chinese = newRecord(
      space,
      'internal-message',
      `网关问题协调 ${run()} - 研发部`,
      { type: 'info-sync', recipients: ['市场部'] },
      '## 背景\n\n上周五下午支付网关出现接口延迟，订单页面超时，客户投诉增多。\n\n## 行动\n\n请研发部排查原因。',
    );
    const english = newRecord(
      space,
      'internal-message',
      `Acme ${run()}: contract review - Sales`,
      { type: 'info-sync', recipients: ['市场部'] },
      '## Background\n\nThe client wants to change the payment schedule in the draft contract before signing.',
    );
    const entry = newRecord(
      space,
      'knowledge-entry',
      `Gateway latency ${run()}: retrospective written - Ops`,
      { category: 'technical', tags: ['gateway', 'latency'] },
      '## Problem\n\nCheckout timed out.\n\n## Cause\n\nA slow upstream call.\n\n## Solution\n\nA timeout and a retry.\n\n## Lessons\n\nAlert on latency.',
    );
    const closing = newRecord(
      space,
      'knowledge-entry',
      `Release checklist ${run()}: retrospective written - Product`,
      { category: 'process', tags: [`release-${run()}`] },
      '## Problem\n\nA step was forgotten.\n\n## Cause\n\nNo list.\n\n## Solution\n\nA checklist.\n\n## Lessons\n\nWrite it down.',
    );
    const untagged = newRecord(
      space,
      'knowledge-entry',
      `Handover ${run()}: retrospective written - Product`,
      { category: 'process' },
      '## Problem\n\nNotes were lost.\n\n## Cause\n\nNo handover.\n\n## Solution\n\nA handover note.\n\n## Lessons\n\nHand over in writing.',
    );
    for (const record of [chinese, english, entry, closing, untagged]) await replica.add(record);

    // The command is there, and search answers once the index has caught up with the new records.
    assert.ok((await vscode.commands.getCommands(true)).includes('liaison.search'));
    const hit = await waitFor('接口延迟 to find the Chinese record', async () => {
      const items = await searchRecords(api.services, api.search.index, '接口延迟');
      return items.find((item) => item.ref?.id === chinese.id) && items;
    });
    assert.equal(hit[0].ref?.id, chinese.id, 'the record holding the word comes first');
    assert.ok(!hit.some((item) => item.ref?.id === english.id), 'the English record does not match 接口延迟');
    const first = hit[0];
    assert.match(first.detail ?? '', /接口延迟/, 'the preview line shows the sentence around the match');
    assert.match(
      first.description ?? '',
      new RegExp(`Internal message.*·.*${space}.*\\d{4}-\\d{2}-\\d{2}`),
      'kind · status · space · date',
    );

    const payments = await searchRecords(api.services, api.search.index, 'payments');
    assert.ok(
      payments.some((item) => item.ref?.id === english.id),
      `"payments" finds "payment": ${payments.map((item) => item.label).join(' | ')}`,
    );
    assert.ok(!payments.some((item) => item.ref?.id === chinese.id));

    const nothing = await searchRecords(api.services, api.search.index, `qqzx${run()}`);
    assert.equal(nothing.length, 1);
    assert.equal(nothing[0].ref, undefined);
    assert.match(nothing[0].label, /No records match/);
    assert.match(nothing[0].detail ?? '', /kind:.*status:.*after:/, 'says how to narrow a search');

    // The real quick pick: typed in by the command, the first result accepted by the workbench.
    await vscode.commands.executeCommand('liaison.search', '接口延迟');
    await waitFor('the quick pick to show the result', () => api.search.visibleItems()[0]?.ref?.id === chinese.id);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor('the record view of the result', () =>
      vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .some(
          (tab) =>
            tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('liaison.record') && tab.label === chinese.title,
        ),
    );
    assert.deepEqual(api.search.visibleItems(), [], 'accepting closes the quick pick');

    // Knowledge: the entry under its category (in the user's language), newest first.
    const categories = api.knowledge.getChildren();
    const technical = categories.find((node) => label(api.knowledge.getTreeItem(node)) === 'Technical');
    assert.ok(technical, `a Technical category: ${categories.map((node) => label(api.knowledge.getTreeItem(node))).join(', ')}`);
    const entries = api.knowledge.getChildren(technical);
    const entryNode = entries.find(
      (node): node is Extract<KnowledgeNode, { kind: 'record' }> => node.kind === 'record' && node.record.id === entry.id,
    );
    assert.ok(entryNode);
    const entryItem = api.knowledge.getTreeItem(entryNode);
    assert.equal(entryItem.command?.command, 'liaison.openRecord');
    assert.deepEqual(entryItem.command?.arguments, [{ space, id: entry.id }]);
    assert.match((entryItem.tooltip as vscode.MarkdownString).value, /Tags:(&nbsp;| )gateway,(&nbsp;| )latency/);

    // Archive: closing files the records under the month they were closed and their topic.
    for (const record of [closing, untagged]) {
      const outcome = await vscode.commands.executeCommand<ActionOutcome>('liaison.close', { space, id: record.id });
      assert.equal(outcome.done, true, outcome.reason);
    }
    const closed = replica.record(space, closing.id)!;
    const month = monthOf(archivedAt(closed)!, api.services.policy.current.calendar.zone);
    const months = await waitFor('the month in the Archive', async () => {
      const nodes = await api.archive.getChildren();
      return nodes.find((node) => node.kind === 'month' && node.month.month === month) && nodes;
    });
    assert.equal(
      months
        .filter((node) => node.kind === 'month')
        .map((node) => (node.kind === 'month' ? node.month.month : ''))
        .sort()
        .reverse()
        .join(),
      months.map((node) => (node.kind === 'month' ? node.month.month : '')).join(),
      'newest month first',
    );
    const monthNode = months.find((node) => node.kind === 'month' && node.month.month === month)!;
    const topics = await api.archive.getChildren(monthNode);
    const byTopic = async (topic: string): Promise<string[]> => {
      const node = topics.find((candidate) => candidate.kind === 'topic' && candidate.topic === topic);
      assert.ok(
        node,
        `topic ${topic} in ${month}: ${topics.map((candidate) => (candidate.kind === 'topic' ? candidate.topic : '')).join(', ')}`,
      );
      return (await api.archive.getChildren(node)).map((child: ArchiveNode) => (child.kind === 'record' ? child.record.id : ''));
    };
    assert.ok((await byTopic(`release-${run()}`)).includes(closing.id), 'filed under its first tag');
    assert.ok((await byTopic('Process')).includes(untagged.id), 'no tag: filed under its category');
    const archivedItem = api.archive.getTreeItem({ kind: 'record', month, topic: `release-${run()}`, record: closed });
    assert.deepEqual(archivedItem.command?.arguments, [{ space, id: closing.id }]);
    // An archived record is still found by search, with its status.
    const archivedHits = await waitFor('the archived record with status:archived', async () => {
      const items = await searchRecords(api.services, api.search.index, `checklist status:archived`);
      return items.find((item) => item.ref?.id === closing.id);
    });
    assert.match(archivedHits.description ?? '', /Archived/);
  });

  it('keeps searching after the spaces are reloaded and after the engine setting changes', async () => {
    const api = await liaison();
    const space = api.services.replica!.spaceNames[0];
    const record = newRecord(
      space,
      'internal-message',
      `付款条款 ${run()}: 合同评审 - 销售部`,
      { type: 'info-sync', recipients: ['市场部'] },
      '## 背景\n\n客户要求修改合同中的付款条款，签约前需要法务确认。',
    );
    await api.services.replica!.add(record);
    await waitFor('the new record to be searchable', async () =>
      (await searchRecords(api.services, api.search.index, '付款条款')).some((item) => item.ref?.id === record.id),
    );

    // Reload Spaces: the indexers are closed (committed) and follow the new replica.
    await vscode.commands.executeCommand('liaison.refresh');
    assert.ok(
      (await searchRecords(api.services, api.search.index, '付款条款')).some((item) => item.ref?.id === record.id),
      'found after the reload',
    );
    assert.equal(api.search.index.state.state, 'ready');

    // compact is the default; the lunr engine: a new worker, the indexes rebuilt in its format.
    assert.equal(api.search.index.engine, 'compact');
    const settings = vscode.workspace.getConfiguration('liaison');
    await settings.update('search.engine', 'lunr', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the lunr engine', () => api.search.index.engine === 'lunr');
      assert.ok(
        (await searchRecords(api.services, api.search.index, '付款条款')).some((item) => item.ref?.id === record.id),
        'found by lunr',
      );
      const lunrManifest = JSON.parse(await readFile(join(api.services.storeRoot(), 'search', space, 'manifest.json'), 'utf8')) as {
        engine: string;
      };
      assert.match(lunrManifest.engine, /^lunr/);
    } finally {
      await settings.update('search.engine', undefined, vscode.ConfigurationTarget.Workspace);
    }
    // Back to the default, compact: a new worker, the indexes rebuilt once more in its format, the same answers.
    {
      await waitFor('the compact engine', () => api.search.index.engine === 'compact');
      const items = await searchRecords(api.services, api.search.index, '付款条款');
      assert.equal(items[0]?.ref?.id, record.id, items.map((item) => item.label).join(' | '));
      assert.ok((await searchRecords(api.services, api.search.index, 'payments')).some((item) => item.ref !== undefined));
      // The index on disk is now the compact engine's (the lunr one was discarded and rebuilt).
      const manifest = JSON.parse(await readFile(join(api.services.storeRoot(), 'search', space, 'manifest.json'), 'utf8')) as {
        engine: string;
      };
      assert.match(manifest.engine, /^compact/);
    }
  });
});
