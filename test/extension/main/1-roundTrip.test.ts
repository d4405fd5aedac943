// The sender's half of the two-identity round trip (the recipient's half is peer/roundTrip).
// 王芳 writes a record with New Record, sends it to 李明; it syncs through the real server to
// 李明's own store in another window; his read receipt flows back and Sent shows 1/1 read.
import { strict as assert } from 'node:assert';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SendResult } from '../../../src/vscode/features/send';
import { liaison, markDone, roundTripTitle, treeRows, waitFor, writeDraft } from '../helpers';

describe('round trip, sender side (王芳)', () => {
  it('New Record -> Send stores the record, and Sent shows the read receipt coming back', async () => {
    const api = await liaison();
    assert.equal(api.services.identity?.name, '王芳');
    await waitFor('the sync connection', () => api.services.replica?.syncStatus().every((s) => s.state === 'connected'));

    const draft = await writeDraft({ title: roundTripTitle(), recipients: ['李明'] });
    const result = await vscode.commands.executeCommand<SendResult>('liaison.send', draft.document.uri);
    assert.deepEqual(result.problems, []);
    assert.equal(result.sent, true);
    const id = result.recordId as string;

    // Stored: in the replica, and on disk in this identity's own store.
    const record = api.services.replica?.record('internal', id);
    assert.equal(record?.title, roundTripTitle());
    assert.deepEqual(record?.fields.recipients, ['李明']);
    const storePath = vscode.workspace.getConfiguration('liaison').get<string>('store.path') as string;
    const spaceDir = join(storePath, 'spaces', 'internal');
    const bytes = readdirSync(spaceDir).reduce((sum, name) => sum + statSync(join(spaceDir, name)).size, 0);
    assert.ok(bytes > 200, `expected the record on disk in ${spaceDir}, found ${bytes} bytes`);
    // The untitled draft was closed once it became a record.
    assert.equal(
      vscode.window.visibleTextEditors.some((editor) => editor.document.isUntitled && editor.document.getText().includes(roundTripTitle())),
      false,
    );

    const sentRow = () => treeRows(api.trees.sent).find((row) => row.label === roundTripTitle());
    // 0/1 or already 1/1: the recipient's window reads it as soon as it arrives.
    assert.match(sentRow()?.description ?? '', /^[01]\/1 read$/);
    const row = await waitFor(
      '李明 to read it (Sent shows 1/1 read)',
      () => (sentRow()?.description === '1/1 read' ? sentRow() : undefined),
      120_000,
    );
    const receipts = api.trees.sent.getChildren(row.node).map((node) => api.trees.sent.getTreeItem(node));
    assert.equal(receipts.length, 1);
    assert.equal(receipts[0].label, '李明');
    assert.match(String(receipts[0].description), /^read \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    markDone('sender-saw-receipt');
  });
});
