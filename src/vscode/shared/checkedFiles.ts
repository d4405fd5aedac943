// A virtual file system of small documents whose text is stored in a space and checked before it
// is (the directory's CSV, the team policy's YAML). Saving a text with a problem stores nothing:
// each problem is a diagnostic on its line (the field and the fix in its message), one error
// message says the document was not saved, and the text stays as typed (served as the file, so
// the editor keeps it) until it is fixed, or Revert takes back what is stored. A good save stores
// it, clears the diagnostics and the kept text. No save fails with VS Code's "Failed to save …".
import * as vscode from 'vscode';
import { l10n } from './l10n';

export interface CheckedProblem {
  /** 1-based line; undefined for the whole document (its first line gets the diagnostic). */
  readonly line?: number;
  /** The field or column at fault, shown before the message. */
  readonly field?: string;
  readonly message: string;
}

export interface CheckedDocuments {
  readonly scheme: string;
  /** Is `uri` one of the documents (the rest of the tree are folders)? */
  isDocument(uri: vscode.Uri): boolean;
  /** The stored text. */
  read(uri: vscode.Uri): string;
  /** Checks and stores `text`: the problems when refused (nothing stored), else none. Throws a FileSystemError when it may not be stored at all. */
  write(uri: vscode.Uri, text: string): Promise<readonly CheckedProblem[]>;
}

export class CheckedFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly mtimes = new Map<string, number>();
  /** What was typed and refused, by document: served until fixed or reverted. */
  private readonly refused = new Map<string, string>();
  readonly diagnostics: vscode.DiagnosticCollection;

  constructor(private readonly documents: CheckedDocuments) {
    this.diagnostics = vscode.languages.createDiagnosticCollection(documents.scheme);
  }

  /** The stored text changed (here or by sync): VS Code rereads it. */
  changed(uri: vscode.Uri): void {
    // A file-change stamp for VS Code (it must grow), not a time of the domain: the system clock.
    this.mtimes.set(uri.toString(), Math.max(Date.now(), (this.mtimes.get(uri.toString()) ?? 0) + 1));
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  /** Drops the refused text of `uri`, so the document shows what is stored again. */
  revert(uri: vscode.Uri): void {
    this.refused.delete(uri.toString());
    this.diagnostics.delete(uri);
    this.changed(uri);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  private text(uri: vscode.Uri): string {
    return this.refused.get(uri.toString()) ?? this.documents.read(uri);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (!this.documents.isDocument(uri)) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const size = new TextEncoder().encode(this.text(uri)).length;
    return { type: vscode.FileType.File, ctime: 0, mtime: this.mtimes.get(uri.toString()) ?? 1, size };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(l10n.t('Liaison keeps these documents in the space; no folder can be made here.'));
  }

  readFile(uri: vscode.Uri): Uint8Array {
    if (!this.documents.isDocument(uri)) throw vscode.FileSystemError.FileNotFound(uri);
    return new TextEncoder().encode(this.text(uri));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (!this.documents.isDocument(uri)) throw vscode.FileSystemError.NoPermissions(uri);
    const text = new TextDecoder().decode(content);
    const problems = await this.documents.write(uri, text);
    if (problems.length === 0) {
      this.refused.delete(uri.toString());
      this.diagnostics.delete(uri);
      this.changed(uri);
      return;
    }
    this.refused.set(uri.toString(), text);
    this.mtimes.set(uri.toString(), Math.max(Date.now(), (this.mtimes.get(uri.toString()) ?? 0) + 1));
    const lines = text.split(/\r?\n/);
    this.diagnostics.set(
      uri,
      problems.map((problem) => {
        const line = Math.min(Math.max((problem.line ?? 1) - 1, 0), Math.max(lines.length - 1, 0));
        const range = new vscode.Range(line, 0, line, lines[line]?.length ?? 0);
        const diagnostic = new vscode.Diagnostic(
          range,
          problem.field ? `${problem.field}: ${problem.message}` : problem.message,
          vscode.DiagnosticSeverity.Error,
        );
        diagnostic.source = 'Liaison';
        return diagnostic;
      }),
    );
    const first = problems[0];
    const revert = l10n.t('Revert to what is stored');
    void vscode.window
      .showErrorMessage(
        l10n.t(
          '{0} was not saved: {1} problem(s), shown on their lines. Line {2}: {3}',
          uri.path.split('/').pop() ?? uri.path,
          problems.length,
          first.line ?? 1,
          first.field ? `${first.field}: ${first.message}` : first.message,
        ),
        revert,
      )
      .then((choice) => {
        if (choice === revert) this.revert(uri);
      });
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(l10n.t('Liaison keeps these documents in the space; they cannot be deleted.'));
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(l10n.t('Liaison keeps these documents in the space; they cannot be renamed.'));
  }

  dispose(): void {
    this.emitter.dispose();
    this.diagnostics.dispose();
  }
}
