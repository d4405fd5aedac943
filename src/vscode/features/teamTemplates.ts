// Team templates: reads `.liaison/templates/*.md` of every workspace folder, keeps them current
// as files change, and shows each template file's problems as diagnostics on that file.
import * as vscode from 'vscode';
import { TemplateSet } from '../../domain/templates/registry';
import { parseTeamTemplate } from '../../domain/templates/teamTemplates';
import type { TemplateSpec } from '../../domain/templates/types';
import type { Services } from '../services';
import { l10n } from '../shared/l10n';

const PATTERN = '.liaison/templates/*.md';

export function register(context: vscode.ExtensionContext, services: Services): void {
  const collection = vscode.languages.createDiagnosticCollection('liaison-templates');
  let generation = 0;
  const load = async (): Promise<void> => {
    const mine = ++generation;
    const team: TemplateSpec[] = [];
    const problems = new Map<string, vscode.Diagnostic[]>();
    const files = (await vscode.workspace.findFiles(PATTERN)).sort((a, b) => a.path.localeCompare(b.path));
    for (const uri of files) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        services.logger.warn(`cannot read the team template ${uri.fsPath}: ${String(error)}`);
        continue;
      }
      const result = parseTeamTemplate(text, vscode.workspace.asRelativePath(uri));
      if (result.template) {
        if (team.some((template) => template.kind === result.template?.kind)) {
          result.problems.push({
            line: 1,
            message: l10n.t('another file in {0} already defines kind {1}; this one is ignored', PATTERN, result.template.kind),
          });
        } else {
          team.push(result.template);
        }
      }
      problems.set(
        uri.toString(),
        result.problems.map((problem) => {
          const diagnostic = new vscode.Diagnostic(
            new vscode.Range(problem.line, 0, problem.line, 1000),
            problem.message,
            vscode.DiagnosticSeverity.Error,
          );
          diagnostic.source = 'liaison';
          diagnostic.code = 'template';
          return diagnostic;
        }),
      );
    }
    if (mine !== generation) return;
    collection.clear();
    for (const [uri, diagnostics] of problems) collection.set(vscode.Uri.parse(uri), diagnostics);
    services.logger.info(`team templates: ${team.map((template) => template.kind).join(', ') || 'none'}`);
    services.templates.set(TemplateSet.withTeam(team));
  };
  const reload = (): void => {
    load().catch((error: unknown) => services.logger.error(`loading team templates failed: ${String(error)}`));
  };
  // A string pattern is matched against absolute paths: hence the leading **/.
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${PATTERN}`);
  context.subscriptions.push(
    collection,
    watcher,
    watcher.onDidCreate(reload),
    watcher.onDidChange(reload),
    watcher.onDidDelete(reload),
    vscode.workspace.onDidChangeWorkspaceFolders(reload),
    // File watching can miss a folder created after start; a save in VS Code is never missed.
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (/[\\/]\.liaison[\\/]templates[\\/][^\\/]+\.md$/.test(document.uri.path)) reload();
    }),
    vscode.workspace.onDidCreateFiles((event) => {
      if (event.files.some((uri) => uri.path.includes('/.liaison/'))) reload();
    }),
  );
  reload();
}
