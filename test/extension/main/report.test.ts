// The monthly report's commands in the extension host: the panel opens on the month asked for,
// and every export format is written where it was asked to go. (test/ui/report.test.ts looks
// at the charts themselves.) Reads the store; writes nothing to it.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MonthlyReport } from '../../../src/domain/reportModel';
import { reportTitle } from '../../../src/render/reportPage';
import { liaison, waitFor } from '../helpers';

function reportTab(title: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.label === title && tab.input instanceof vscode.TabInputWebview);
}

describe('monthly report', () => {
  const month = '2026-03';

  after(async () => {
    const tab = reportTab(reportTitle((await liaison()).services.language, month));
    if (tab) await vscode.window.tabGroups.close(tab);
  });

  it("opens one panel on the month given to Liaison: Monthly Report, titled in the user's language", async () => {
    const api = await liaison();
    const report = await vscode.commands.executeCommand<MonthlyReport | undefined>('liaison.showReport', month);
    assert.equal(report?.month, month);
    assert.equal(report?.language, api.services.language);
    assert.equal(report?.trend.at(-1)?.month, month);
    const title = reportTitle(api.services.language, month);
    await waitFor(`the tab "${title}"`, () => reportTab(title));
    assert.equal(api.report.shownMonth, month);
    // Asking again reveals the same panel.
    await vscode.commands.executeCommand('liaison.showReport', month);
    assert.equal(vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === title).length, 1);
  });

  it('refuses a month that is not YYYY-MM and keeps the panel on its month', async () => {
    const api = await liaison();
    assert.equal(await vscode.commands.executeCommand('liaison.showReport', '2026-13'), undefined);
    assert.equal(api.report.shownMonth, month);
  });

  it('exports the shown month as Markdown, CSV, JSON and a self-contained HTML page', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'liaison-report-export-'));
    const written: Record<string, string> = {};
    for (const format of ['md', 'csv', 'json', 'html']) {
      const target = vscode.Uri.file(join(folder, `report.${format}`));
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('liaison.exportReport', format, target);
      assert.equal(uri?.fsPath, target.fsPath, format);
      written[format] = readFileSync(target.fsPath, 'utf8');
    }
    assert.match(written.md, new RegExp(`^# .+ ${month}\\n`));
    assert.match(written.csv.split(/\r?\n/)[0], /^section,/);
    assert.equal((JSON.parse(written.json) as MonthlyReport).month, month);
    assert.match(written.html, /<script type="application\/json" id="liaison-report-data">/);
    assert.ok(written.html.length > 100_000, 'the chart script is inlined');
  });

  it('takes the format from the file name chosen', async () => {
    const target = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'liaison-report-export-')), 'figures.json'));
    await vscode.commands.executeCommand('liaison.exportReport', 'md', target);
    assert.equal((JSON.parse(readFileSync(target.fsPath, 'utf8')) as MonthlyReport).month, month);
  });
});
