// The monthly report (沟通效率月度报告): one webview panel with Chart.js charts
// (src/webview/reportView.ts), computed from every record of my spaces with the workspace's
// response policy and directory, kept current as records change, and exportable as Markdown,
// CSV, a self-contained HTML page or JSON (the same artefacts as `liaison report`).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { storeReport } from '../../app/report';
import { ReportRecords } from '../../app/reportRecords';
import { replicaReader } from '../../app/store';
import { monthOf } from '../../domain/report';
import { parseMonth, shiftMonth } from '../../domain/time';
import { reportToCsv, reportToJson, reportToMarkdown } from '../../domain/reportFormat';
import type { MonthlyReport } from '../../domain/reportModel';
import { reportPageHtml, reportTitle, standaloneReportHtml } from '../../render/reportPage';
import { isReportExportFormat } from '../../webview/reportProtocol';
import type { ReportExportFormat, ReportHostMessage, ReportViewMessage, ReportViewState } from '../../webview/reportProtocol';
import { COMMANDS } from '../commands';
import { Disposable } from '../disposable';
import type { Services } from '../services';
import { l10n } from '../shared/l10n';

export const REPORT_VIEW_TYPE = 'liaison.report';

/** Records arriving in bursts (a sync, an import) recompute the report once. */
const UPDATE_DELAY_MS = 400;

const FILTERS: Record<ReportExportFormat, [string, string[]]> = {
  md: ['Markdown', ['md']],
  csv: ['CSV', ['csv']],
  html: ['HTML', ['html']],
  json: ['JSON', ['json']],
};

export class ReportViews extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private month: string | undefined;
  /** The last report computed for the shown month, until a record, the policy or the directory changes. */
  private cached: MonthlyReport | undefined;
  /** The page has said `ready` since its HTML was last set. */
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly sources: ReportRecords;

  constructor(
    private readonly services: Services,
    private readonly extensionUri: vscode.Uri,
  ) {
    super();
    const changed = (): void => this.scheduleUpdate();
    this.sources = new ReportRecords(changed, services.logger);
    this.register(services.onDidChangeRecords(changed));
    this.register(services.policy.onDidChange(changed));
    this.register(services.onDidChangeDirectory(changed));
    // The shelves opened for the report are given back before their replica closes.
    this.register(services.onDidOpenReplica((scope) => scope.add(() => this.sources.close())));
  }

  /** The month open in the panel, if one is. */
  get shownMonth(): string | undefined {
    return this.panel ? this.month : undefined;
  }

  /** The month the report defaults to: this one so far (a new team has nothing last month), in the calendar's time zone. */
  defaultMonth(): string {
    return monthOf(this.services.clock.now(), this.services.policy.current.calendar);
  }

  /** Asks for a month among this one and the eleven before it, this one preselected. */
  async pickMonth(): Promise<string | undefined> {
    const current = monthOf(this.services.clock.now(), this.services.policy.current.calendar);
    const items: (vscode.QuickPickItem & { month: string })[] = Array.from({ length: 12 }, (_, index) => {
      const month = shiftMonth(current, -index);
      const description = index === 0 ? l10n.t('this month, so far') : index === 1 ? l10n.t('last month') : undefined;
      return { label: month, description, month };
    });
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { month: string }>();
    pick.title = l10n.t('Monthly Report');
    pick.placeholder = l10n.t('Which month? Type YYYY-MM for an earlier one');
    pick.items = items;
    pick.activeItems = [items[0]];
    return new Promise<string | undefined>((resolve) => {
      let settled = false;
      const finish = (month: string | undefined): void => {
        if (settled) return;
        settled = true;
        resolve(month);
        pick.dispose();
      };
      pick.onDidAccept(() => {
        const typed = parseMonth(pick.value);
        finish(pick.activeItems[0]?.month ?? ('month' in typed ? typed.month : undefined));
      });
      pick.onDidHide(() => finish(undefined));
      pick.show();
    });
  }

  /**
   * The report of `month` from the records of every space I have (their archive shelves too), as it
   * stands now: src/app/report.ts, as `liaison report` computes it.
   */
  async compute(month: string): Promise<MonthlyReport> {
    const replica = await this.services.ready();
    const { policy, calendar } = this.services.policy.current;
    const report = await storeReport(replicaReader(replica), this.sources, {
      month,
      language: this.services.language,
      policy,
      calendar,
      now: this.services.clock.now(),
      directory: this.services.directory,
      spaces: replica.spaceNames,
      templates: this.services.templates.current,
    });
    // Without a panel to keep current, the shelves are given back at once.
    if (!this.panel) void this.sources.close();
    return report;
  }

  /**
   * Opens (or reveals) the report panel on `month` (YYYY-MM); without one, asks. Resolves to the
   * report shown, or undefined when the user cancelled or the month was not one.
   */
  async show(month?: string): Promise<MonthlyReport | undefined> {
    const chosen = month ?? (await this.pickMonth());
    if (chosen === undefined) return undefined;
    const parsed = parseMonth(chosen);
    if ('error' in parsed) {
      void vscode.window.showErrorMessage(l10n.t('Monthly report: {0}', parsed.error));
      return undefined;
    }
    await this.services.ready();
    if (this.panel) {
      this.panel.reveal();
      this.setMonth(parsed.month);
    } else {
      const panel = vscode.window.createWebviewPanel(
        REPORT_VIEW_TYPE,
        reportTitle(this.services.language, parsed.month),
        vscode.ViewColumn.Active,
        { enableScripts: true, enableFindWidget: true },
      );
      this.attach(panel, parsed.month);
    }
    const report = await this.compute(parsed.month);
    if (this.month === parsed.month) {
      this.cached = report;
      if (this.ready) this.post(report);
    }
    return report;
  }

  /**
   * Re-attaches the panel VS Code restored after a reload, on the month it showed. The month in
   * the panel's title comes first: the title is saved with the editor the moment it changes,
   * while the page's state arrives only once the new page has loaded, and a reload right after a
   * month switch can restore the older state (seen in VS Code for the web).
   */
  restore(panel: vscode.WebviewPanel, state: ReportViewState | undefined): void {
    const candidates = [/(\d{4}-\d{2})\s*$/.exec(panel.title)?.[1], state?.month];
    const month = candidates.find((candidate) => candidate !== undefined && 'month' in parseMonth(candidate)) ?? this.defaultMonth();
    this.services.logger.info(`report panel restored on ${month}`);
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.attach(panel, month);
  }

  private attach(panel: vscode.WebviewPanel, month: string): void {
    this.panel = panel;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [media] };
    this.setMonth(month);
    this.panelDisposables.push(
      webview.onDidReceiveMessage((message: ReportViewMessage) => this.receive(message)),
      panel.onDidDispose(() => {
        for (const disposable of this.panelDisposables) disposable.dispose();
        this.panelDisposables = [];
        this.panel = undefined;
        this.ready = false;
        void this.sources.close();
      }),
    );
  }

  /** A fresh page (new nonce) for `month`: the script asks for the data with `ready`. */
  private setMonth(month: string): void {
    if (!this.panel) return;
    const changed = month !== this.month || !this.panel.webview.html;
    this.month = month;
    this.panel.title = reportTitle(this.services.language, month);
    if (!changed) return;
    this.ready = false;
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'dist', 'reportView.js'));
    webview.html = reportPageHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: script.toString(),
      language: this.services.language,
      month,
    });
  }

  private post(report: MonthlyReport): void {
    const message: ReportHostMessage = { type: 'report', report };
    void this.panel?.webview.postMessage(message);
  }

  private receive(message: ReportViewMessage): void {
    if (message.type === 'ready') {
      this.ready = true;
      if (this.cached && this.cached.month === this.month) this.post(this.cached);
      else this.refresh();
    } else if (message.type === 'pickMonth') void this.show();
    else if (message.type === 'export' && isReportExportFormat(message.format)) void this.exportReport(message.format);
    else if (message.type === 'openRecord' && typeof message.space === 'string' && typeof message.id === 'string') {
      void vscode.commands.executeCommand(COMMANDS.openRecord, { space: message.space, id: message.id });
    }
  }

  /** Recomputes and posts the shown month; a failure goes to the log and the panel keeps what it had. */
  private refresh(): void {
    const month = this.month;
    if (!this.panel || !month) return;
    this.compute(month).then(
      (report) => {
        if (this.month !== month) return;
        this.cached = report;
        this.post(report);
      },
      (error: unknown) => this.services.logger.error(`monthly report ${month}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private scheduleUpdate(): void {
    this.cached = undefined;
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A hidden webview has no page; it asks again (`ready`) when it is shown.
      if (this.panel?.visible) this.refresh();
    }, UPDATE_DELAY_MS);
  }

  /** The report as the file of one format: what `liaison report --format` writes. */
  async render(report: MonthlyReport, format: ReportExportFormat): Promise<string> {
    if (format === 'md') return reportToMarkdown(report);
    if (format === 'csv') return reportToCsv(report);
    if (format === 'json') return reportToJson(report);
    const script = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'media', 'dist', 'reportView.js'));
    return standaloneReportHtml(report, new TextDecoder().decode(script));
  }

  /**
   * Saves the report of the shown month (else the one asked for) as `format`; without `target`,
   * asks where with a save dialog, whose file type decides the format. Resolves to the file
   * written, or undefined when the user cancelled.
   */
  async exportReport(format: ReportExportFormat = 'md', target?: vscode.Uri, month?: string): Promise<vscode.Uri | undefined> {
    const chosenMonth = month ?? this.shownMonth ?? (await this.pickMonth());
    if (!chosenMonth) return undefined;
    const parsed = parseMonth(chosenMonth);
    if ('error' in parsed) {
      void vscode.window.showErrorMessage(l10n.t('Monthly report: {0}', parsed.error));
      return undefined;
    }
    let uri = target;
    if (!uri) {
      const order: ReportExportFormat[] = [format, ...(Object.keys(FILTERS) as ReportExportFormat[]).filter((other) => other !== format)];
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = `liaison-report-${parsed.month}.${format}`;
      uri = await vscode.window.showSaveDialog({
        title: l10n.t('Export Monthly Report'),
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: Object.fromEntries(order.map((key) => FILTERS[key])),
        saveLabel: l10n.t('Export'),
      });
      if (!uri) return undefined;
    }
    const extension = /\.([^./\\]+)$/.exec(uri.path)?.[1]?.toLowerCase();
    const chosenFormat: ReportExportFormat =
      extension === 'markdown' ? 'md' : extension === 'htm' ? 'html' : isReportExportFormat(extension) ? extension : format;
    try {
      const report = await this.compute(parsed.month);
      const text = await this.render(report, chosenFormat);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.services.logger.error(`monthly report export to ${uri.toString()}: ${reason}`);
      void vscode.window.showErrorMessage(l10n.t('The report was not saved to {0}: {1}', uri.fsPath, reason));
      return undefined;
    }
    const where = uri.scheme === 'file' ? uri.fsPath : uri.toString();
    this.services.logger.info(`monthly report ${parsed.month} saved as ${chosenFormat} to ${where}`);
    const open = l10n.t('Open');
    void vscode.window.showInformationMessage(l10n.t('Monthly report {0} saved to {1}', parsed.month, where), open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('vscode.open', uri);
    });
    return uri;
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    void this.sources.close();
    super.dispose();
  }
}

export function register(context: vscode.ExtensionContext, services: Services): ReportViews {
  const views = new ReportViews(services, context.extensionUri);
  context.subscriptions.push(
    views,
    vscode.commands.registerCommand(COMMANDS.showReport, (month?: unknown) => views.show(typeof month === 'string' ? month : undefined)),
    // Programmatic calls may pass a format and a target file; a menu passes its own arguments
    // (the editor title bar, a webview's), which must never be taken for a target.
    vscode.commands.registerCommand(COMMANDS.exportReport, (format?: unknown, target?: unknown) =>
      views.exportReport(
        isReportExportFormat(format) ? format : 'md',
        isReportExportFormat(format) && target instanceof vscode.Uri ? target : undefined,
      ),
    ),
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: ReportViewState | undefined) => {
        await services.ready();
        views.restore(panel, state);
      },
    }),
  );
  return views;
}
