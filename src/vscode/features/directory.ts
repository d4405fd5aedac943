// The directory of people and departments, kept in a space (liaison.directory.space, default
// the default space). "Edit Directory" opens it as a CSV document (a virtual file, scheme
// liaison-directory): saving writes it back to the space, and a bad row refuses the save with
// its line and reason. "Import Directory from CSV" adds and updates people from a file.
import * as vscode from 'vscode';
import { directoryToCsv, parseDirectoryCsv } from '../../domain/directoryCsv';
import { COMMANDS } from '../commands';
import type { Services } from '../services';
import { l10n } from '../shared/l10n';

export const DIRECTORY_SCHEME = 'liaison-directory';

function directoryUri(space: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DIRECTORY_SCHEME, path: `/${space}/directory.csv` });
}

function spaceOf(uri: vscode.Uri): string {
  return uri.path.split('/').filter(Boolean)[0] ?? '';
}

/** The directory of a space as a one-file file system: read = the CSV, write = parse and store. */
class DirectoryFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly mtimes = new Map<string, number>();

  constructor(private readonly services: Services) {}

  changed(space: string): void {
    // A file-change stamp for VS Code (it must grow), not a time of the domain: the system clock.
    this.mtimes.set(space, Date.now());
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri: directoryUri(space) }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const space = spaceOf(uri);
    if (uri.path.endsWith('/directory.csv')) {
      const size = new TextEncoder().encode(this.text(space)).length;
      return { type: vscode.FileType.File, ctime: 0, mtime: this.mtimes.get(space) ?? 1, size };
    }
    return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
  }

  private text(space: string): string {
    const replica = this.services.replica;
    return directoryToCsv(replica ? replica.directory(space) : { people: [], departments: [] });
  }

  readDirectory(): [string, vscode.FileType][] {
    return [['directory.csv', vscode.FileType.File]];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('the directory is one file');
  }

  readFile(uri: vscode.Uri): Uint8Array {
    return new TextEncoder().encode(this.text(spaceOf(uri)));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const space = spaceOf(uri);
    const result = parseDirectoryCsv(new TextDecoder().decode(content));
    if (result.problems.length > 0) {
      const first = result.problems
        .slice(0, 3)
        .map((problem) => l10n.t('line {0}: {1}', problem.line, problem.message))
        .join('; ');
      // Nothing is stored while any row is wrong: the editor keeps the text so it can be fixed.
      throw vscode.FileSystemError.NoPermissions(l10n.t('The directory was not saved: {0}', first));
    }
    const replica = await this.services.ready();
    await replica.setDirectory(space, result.data, { replace: true });
    this.services.logger.info(
      `directory of ${space} saved: ${result.data.people.length} people, ${result.data.departments.length} departments`,
    );
    this.changed(space);
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('the directory cannot be deleted');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('the directory cannot be renamed');
  }
}

/** Data rows of a CSV text: its non-blank lines after the header. */
function countRows(text: string): number {
  return Math.max(0, text.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1);
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const fileSystem = new DirectoryFileSystem(services);
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(DIRECTORY_SCHEME, fileSystem, { isCaseSensitive: true }),
    services.onDidChangeDirectory(() => fileSystem.changed(services.directorySpace)),
    vscode.commands.registerCommand(COMMANDS.editDirectory, async () => {
      await services.ready();
      const document = await vscode.workspace.openTextDocument(directoryUri(services.directorySpace));
      await vscode.window.showTextDocument(document);
      return document.uri.toString();
    }),
    vscode.commands.registerCommand(COMMANDS.importDirectory, async (file?: vscode.Uri) => {
      const uri =
        file instanceof vscode.Uri
          ? file
          : (
              await vscode.window.showOpenDialog({
                canSelectMany: false,
                filters: { CSV: ['csv'] },
                title: l10n.t('Import Directory from CSV'),
              })
            )?.[0];
      if (!uri) return undefined;
      const space = services.directorySpace;
      // A notification with the row count while it runs: a directory of thousands of people takes
      // a moment to parse and write durably, and the person should see that it is happening.
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Importing the directory') },
        async (progress) => {
          progress.report({ message: l10n.t('reading {0}…', uri.path.split('/').pop() ?? uri.path) });
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          const parsed = parseDirectoryCsv(text);
          const replica = await services.ready();
          progress.report({ message: l10n.t('{0} rows: saving into the directory of {1}…', countRows(text), space) });
          await replica.setDirectory(space, parsed.data, { replace: false });
          return parsed;
        },
      );
      const summary = l10n.t(
        'Imported {0} people and {1} departments into the directory of {2}.',
        result.data.people.length,
        result.data.departments.length,
        space,
      );
      if (result.problems.length > 0) {
        for (const problem of result.problems) services.logger.warn(`${uri.fsPath}:${problem.line}: ${problem.message}`);
        void vscode.window.showWarningMessage(
          `${summary} ${l10n.t(
            '{0} row(s) skipped: {1}',
            result.problems.length,
            result.problems
              .slice(0, 3)
              .map((problem) => l10n.t('line {0}: {1}', problem.line, problem.message))
              .join('; '),
          )}`,
        );
      } else {
        void vscode.window.showInformationMessage(summary);
      }
      return { people: result.data.people.length, departments: result.data.departments.length, problems: result.problems };
    }),
  );
}
