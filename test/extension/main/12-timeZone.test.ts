// A team on New York time: the workspace's `.liaison/policy.yaml` puts the calendar there, and a
// request closed at 23:30 on 31 May in New York (already 1 June in China, where shelves count their
// months) is May's in the Archive tree and in the monthly report alike. The policy file is removed
// and the built-in policy put back afterwards, so the other tests run on the defaults.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MonthlyReport } from '../../../src/domain/reportModel';
import { reportTitle } from '../../../src/render/reportPage';
import type { ArchiveNode } from '../../../src/vscode/features/archiveTree';
import { defaultPolicyInForce } from '../../../src/vscode/shared/policyInForce';
import { NEW_YORK, monthEndRequest } from '../../unit/app/monthEndFixture';
import { liaison, testEnv, waitFor } from '../helpers';

/** Records under a month row of the Archive tree. */
async function archivedUnder(month: string): Promise<string[]> {
  const api = await liaison();
  const row = (await api.archive.getChildren()).find((node) => node.kind === 'month' && node.month.month === month);
  if (!row) return [];
  const topics = await api.archive.getChildren(row);
  const records = (await Promise.all(topics.map((topic) => api.archive.getChildren(topic)))).flat();
  return records.flatMap((node: ArchiveNode) => (node.kind === 'record' ? [node.record.id] : []));
}

describe('a team on New York time (王芳)', () => {
  const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const policyFile = join(folder, '.liaison', 'policy.yaml');

  after(async () => {
    const api = await liaison();
    rmSync(policyFile, { force: true });
    api.services.policy.set(defaultPolicyInForce());
    for (const month of ['2026-05', '2026-06']) {
      const title = reportTitle(api.services.language, month);
      const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label === title);
      if (tab) await vscode.window.tabGroups.close(tab);
    }
  });

  it('files a request closed at 23:30 on 31 May under May, in the Archive and in the report', async () => {
    const api = await liaison();
    // Written through VS Code's file service, whose own writes always reach its watchers (a
    // watcher on disk can miss a file made in a folder made the same moment, under load).
    await vscode.workspace.fs.writeFile(vscode.Uri.file(policyFile), Buffer.from(`calendar:\n  timeZone: ${NEW_YORK}\n`));
    await waitFor('the policy on New York time', () => api.services.policy.current.calendar.timeZone === NEW_YORK);

    const replica = api.services.replica!;
    const space = replica.spaceNames[0];
    const run = testEnv('LIAISON_TEST_RUN_ID');
    const id = `R-new-york-${run}`;
    const record = monthEndRequest(id, { space, title: `Month-end close ${run}`, author: '王芳', owner: '张伟', score: 4 });
    await replica.add(record);

    await waitFor('the request under May in the Archive', async () => (await archivedUnder('2026-05')).includes(id));
    assert.ok(!(await archivedUnder('2026-06')).includes(id), 'not under June');

    const may = await vscode.commands.executeCommand<MonthlyReport>('liaison.showReport', '2026-05');
    assert.equal(may.zone, NEW_YORK);
    assert.ok(
      may.satisfaction.entries.some((entry) => entry.id === id),
      'the May report counts its rating',
    );
    const june = await vscode.commands.executeCommand<MonthlyReport>('liaison.showReport', '2026-06');
    assert.ok(!june.satisfaction.entries.some((entry) => entry.id === id), 'the June report does not');
  });
});
