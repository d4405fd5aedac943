// The copied head's half of main/13-copied.test.ts (runs after z-loop, since the main window sends
// only once its closed-loop test is done): the request shows under Copied to Me, says who sent it,
// and is nowhere in Pending: nothing is owed by a head in copy.
import { strict as assert } from 'node:assert';
import { copiedTitle, isDone, liaison, markDone, treeRows, waitFor } from '../helpers';

describe('heads in copy, copied side (李明)', function () {
  this.timeout(290_000);

  it('sees the collaboration request under Copied to Me, with nothing owed', async () => {
    const api = await liaison();
    await waitFor('王芳 to send the request', () => isDone('copied-sent'), 280_000);
    const record = await waitFor(
      'the request under Copied to Me',
      () => api.copied.entries().find((entry) => entry.title === copiedTitle()),
      60_000,
    );
    const item = api.copied.getTreeItem(record);
    assert.match(String(item.description), /^王芳 · /, 'the row names the sender');
    assert.ok(!treeRows(api.trees.pending).some((row) => row.node.record.id === record.id), 'nothing pending for him');
    markDone('copied-seen');
  });
});
