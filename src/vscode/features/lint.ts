// Message lint in the editor: diagnostics on every open draft (a markdown document whose front
// matter names a `kind:`), quick fixes from the findings' fixes, and "Pick a recipient from the
// directory…" for recipient findings. The rules themselves are in src/domain/validate.ts.
import * as vscode from 'vscode';
import { yamlScalar } from '../../domain/draft';
import type { TextRange } from '../../domain/draft';
import type { Finding } from '../../domain/lint/types';
import { checkDraft } from '../../domain/validate';
import type { DraftCheck } from '../../domain/validate';
import { COMMANDS } from '../commands';
import type { Services } from '../services';
import type { DraftLint } from '../shared/draftLint';
import { l10n } from '../shared/l10n';

export const DIAGNOSTIC_SOURCE = 'liaison';

/** Team template files are checked as templates (features/teamTemplates), not as drafts. */
export function isTemplateFile(uri: vscode.Uri): boolean {
  return /[\\/]\.liaison[\\/]templates[\\/][^\\/]+\.md$/.test(uri.path);
}

/** A draft: markdown whose front matter has a `kind:` line (what New Record and the snippets write). */
export function isDraft(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'markdown' || isTemplateFile(document.uri)) return false;
  if (document.lineCount < 2 || document.lineAt(0).text.trim() !== '---') return false;
  for (let line = 1; line < Math.min(document.lineCount, 200); line++) {
    const text = document.lineAt(line).text;
    if (text.trim() === '---') return false;
    if (/^kind\s*:/.test(text)) return true;
  }
  return false;
}

export function toRange(document: vscode.TextDocument, range: TextRange | undefined, line: number): vscode.Range {
  const last = Math.max(document.lineCount - 1, 0);
  if (!range) return document.lineAt(Math.min(Math.max(line, 0), last)).range;
  const start = document.validatePosition(new vscode.Position(range.line, range.column));
  const end = document.validatePosition(new vscode.Position(range.endLine, range.endColumn));
  // An empty span (a missing value) is still shown: mark the whole line.
  return start.isEqual(end) ? document.lineAt(start.line).range : new vscode.Range(start, end);
}

export function toDiagnostic(document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(document, finding.range, finding.line),
    finding.message,
    finding.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.ruleId;
  return diagnostic;
}

/**
 * The findings behind the diagnostics last shown for each document. Code actions receive copies
 * of the diagnostics (not the objects we created), so they are matched back by rule, message
 * and range.
 */
class Shown {
  private readonly byUri = new Map<string, { version: number; entries: { diagnostic: vscode.Diagnostic; finding: Finding }[] }>();

  set(document: vscode.TextDocument, findings: Finding[]): vscode.Diagnostic[] {
    const entries = findings.map((finding) => ({ diagnostic: toDiagnostic(document, finding), finding }));
    this.byUri.set(document.uri.toString(), { version: document.version, entries });
    return entries.map((entry) => entry.diagnostic);
  }

  isCurrent(document: vscode.TextDocument): boolean {
    return this.byUri.get(document.uri.toString())?.version === document.version;
  }

  delete(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
  }

  find(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    const shown = this.byUri.get(document.uri.toString());
    if (!shown || shown.version !== document.version) return undefined;
    return shown.entries.find(
      (entry) =>
        entry.diagnostic.message === diagnostic.message &&
        entry.diagnostic.range.isEqual(diagnostic.range) &&
        String(entry.diagnostic.code) === String(diagnostic.code),
    )?.finding;
  }
}

export function register(context: vscode.ExtensionContext, services: Services): DraftLint {
  const collection = vscode.languages.createDiagnosticCollection('liaison');
  const shown = new Shown();
  const timers = new Map<string, NodeJS.Timeout>();
  const check = (document: vscode.TextDocument): DraftCheck => {
    const result = checkDraft(document.getText(), services.language, {
      templates: services.templates.current,
      directory: services.directory,
    });
    collection.set(document.uri, shown.set(document, result.findings));
    return result;
  };
  const forget = (uri: vscode.Uri): void => {
    collection.delete(uri);
    shown.delete(uri);
  };
  const refresh = (document: vscode.TextDocument): void => {
    if (isDraft(document)) check(document);
    else forget(document.uri);
  };
  const schedule = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    // Typing re-lints after a short pause; a 5,000-line draft lints in well under this.
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        refresh(document);
      }, 150),
    );
  };
  const refreshAll = (): void => vscode.workspace.textDocuments.forEach(refresh);

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((event) => schedule(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(timers.get(document.uri.toString()));
      timers.delete(document.uri.toString());
      forget(document.uri);
    }),
    services.templates.onDidChange(refreshAll),
    services.onDidChangeDirectory(refreshAll),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('liaison.language')) refreshAll();
    }),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
    vscode.languages.registerCodeActionsProvider({ language: 'markdown' }, new FixProvider(shown, check), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.commands.registerCommand(COMMANDS.pickRecipient, (uri: vscode.Uri, range: vscode.Range) => pickRecipient(services, uri, range)),
  );
  refreshAll();
  return { check };
}

class FixProvider implements vscode.CodeActionProvider {
  constructor(
    private readonly shown: Shown,
    private readonly check: (document: vscode.TextDocument) => DraftCheck,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      // Asked before the debounced re-lint ran (a quick Ctrl+. after typing): lint now.
      if (!this.shown.isCurrent(document) && isDraft(document)) this.check(document);
      const finding = this.shown.find(document, diagnostic);
      if (!finding) continue;
      for (const fix of finding.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) {
          const start = document.validatePosition(new vscode.Position(edit.range.line, edit.range.column));
          const end = document.validatePosition(new vscode.Position(edit.range.endLine, edit.range.endColumn));
          action.edit.replace(document.uri, new vscode.Range(start, end), edit.newText);
        }
        actions.push(action);
      }
      const span = finding.recipientSpan;
      if (span) {
        const action = new vscode.CodeAction(l10n.t('Pick a recipient from the directory…'), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = {
          title: action.title,
          command: COMMANDS.pickRecipient,
          arguments: [document.uri, toRange(document, span, span.line)],
        };
        actions.push(action);
      }
    }
    return actions;
  }
}

/** Replaces `range` (a recipient, or an empty list `[]`) with people picked from the directory. */
async function pickRecipient(services: Services, uri: vscode.Uri, range: vscode.Range): Promise<boolean> {
  const directory = services.directory;
  if (directory.isEmpty) {
    const edit = l10n.t('Edit Directory');
    const choice = await vscode.window.showWarningMessage(l10n.t('The directory is empty: add people and departments first.'), edit);
    if (choice === edit) await vscode.commands.executeCommand(COMMANDS.editDirectory);
    return false;
  }
  const items: vscode.QuickPickItem[] = [
    ...directory.departments.map((department) => ({
      label: department.name,
      description: l10n.t('department'),
      detail: department.head ? l10n.t('head: {0}', department.head) : undefined,
    })),
    ...directory.people.map((person) => ({
      label: person.name,
      description: [person.department, person.title].filter(Boolean).join(' · '),
    })),
  ];
  const document = await vscode.workspace.openTextDocument(uri);
  const current = document.getText(range);
  const isList = current.trim().startsWith('[');
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: isList,
    title: l10n.t('Pick a recipient from the directory'),
    matchOnDescription: true,
  });
  const names = (Array.isArray(picked) ? picked : picked ? [picked] : []).map((item) => item.label);
  if (names.length === 0) return false;
  const text = isList ? `[${names.map(yamlScalar).join(', ')}]` : yamlScalar(names[0]);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, text);
  return vscode.workspace.applyEdit(edit);
}
