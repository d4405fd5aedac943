// The extension's entry: build the shared services, then walk the list of features.
// Each feature registers its own commands, views and listeners on the context.
import * as vscode from 'vscode';
import * as actions from './features/actions';
import * as archiveTree from './features/archiveTree';
import * as directory from './features/directory';
import * as followUp from './features/followUp/followUp';
import type { Notifications } from './features/followUp/notifications';
import * as copiedTree from './features/copiedTree';
import * as knowledgeTree from './features/knowledgeTree';
import * as lint from './features/lint';
import * as newRecord from './features/newRecord';
import * as recordView from './features/recordView';
import * as retention from './features/retention';
import * as report from './features/report';
import * as policy from './features/policy';
import * as teamPolicy from './features/teamPolicy';
import * as search from './features/search/search';
import * as send from './features/send';
import * as serverToken from './features/serverToken';
import * as shelving from './features/shelving';
import * as statusBar from './features/statusBar';
import * as teamTemplates from './features/teamTemplates';
import * as trees from './features/trees';
import { Services } from './services';
import { loadTranslations } from './shared/l10n';

/** What activate() returns: for extension-host tests and other extensions, never for the UI. */
export interface LiaisonApi {
  services: Services;
  trees: trees.Trees;
  recordViews: recordView.RecordViews;
  report: report.ReportViews;
  search: search.SearchUi;
  /** Copied to me: records whose heads in copy name me. */
  copied: copiedTree.CopiedTree;
  knowledge: knowledgeTree.KnowledgeTree;
  archive: archiveTree.ArchiveTree;
  /** Moves closed records to the archive shelves; `shelveNow()` runs a pass. */
  shelving: shelving.Shelving;
  /** Edit Team Policy's import offer and diagnostics. */
  teamPolicy: teamPolicy.TeamPolicyUi;
  /** What the status bar shows now. */
  statusBar: () => statusBar.StatusBarView;
  /** The notifications shown since start. */
  notifications: Notifications;
}

/** Set while active, so deactivate() can wait for the last writes to reach the disk. */
let closeOnDeactivate: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): LiaisonApi {
  loadTranslations(context.extensionPath);
  const output = vscode.window.createOutputChannel('Liaison', { log: true });
  const services = new Services(context, output);
  context.subscriptions.push(output, services);
  closeOnDeactivate = () => services.close();
  const pendingTrees = trees.register(context, services);
  const recordViews = recordView.register(context, services);
  const reportViews = report.register(context, services);
  const searchUi = search.register(context, services);
  const copied = copiedTree.register(context, services);
  const knowledge = knowledgeTree.register(context, services);
  const archive = archiveTree.register(context, services);
  const shelves = shelving.register(context, services);
  teamTemplates.register(context, services);
  const draftLint = lint.register(context, services);
  newRecord.register(context, services);
  send.register(context, services, draftLint);
  directory.register(context, services);
  actions.register(context, services);
  policy.register(context, services);
  const teamPolicyUi = teamPolicy.register(context, services);
  const notifications = followUp.register(context, services);
  retention.register(context, services);
  const statusBarView = statusBar.register(context, services);
  serverToken.register(context);
  services.ready().catch((error: unknown) => services.reportOpenFailure(error));
  return {
    services,
    trees: pendingTrees,
    recordViews,
    report: reportViews,
    search: searchUi,
    copied,
    knowledge,
    archive,
    shelving: shelves,
    statusBar: statusBarView,
    teamPolicy: teamPolicyUi,
    notifications,
  };
}

export async function deactivate(): Promise<void> {
  await closeOnDeactivate?.();
  closeOnDeactivate = undefined;
}
