// The directory of people and departments, kept in a space (liaison.directory.space, default
// the default space). "Edit Directory" opens it as a CSV document (a virtual file, scheme
// liaison-directory): saving writes it back to the space, and a bad row refuses the save: a
// diagnostic on its line names the column and the fix, and nothing is stored. "Import Directory from CSV" adds and updates people from a file.
import * as vscode from 'vscode';
import { directoryToCsv, parseDirectoryCsv } from '../../domain/directoryCsv';
import { COMMANDS } from '../commands';
import type { Services } from '../services';
import { CheckedFileSystem } from '../shared/checkedFiles';
import type { CheckedDocuments } from '../shared/checkedFiles';
import { l10n } from '../shared/l10n';

export const DIRECTORY_SCHEME = 'liaison-directory';

function directoryUri(space: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DIRECTORY_SCHEME, path: `/${space}/directory.csv` });
}

function spaceOf(uri: vscode.Uri): string {
  return uri.path.split('/').filter(Boolean)[0] ?? '';
}

/** The directory of a space as a one-file file system: read = the CSV, write = parse and store (src/vscode/shared/checkedFiles.ts). */
function directoryDocuments(services: Services): CheckedDocuments {
  return {
    scheme: DIRECTORY_SCHEME,
    isDocument: (uri) => uri.path.endsWith('/directory.csv'),
    read: (uri) => {
      const replica = services.replica;
      return directoryToCsv(replica ? replica.directory(spaceOf(uri)) : { people: [], departments: [] });
    },
    write: async (uri, text) => {
      const space = spaceOf(uri);
      const result = parseDirectoryCsv(text);
      // Nothing is stored while any row is wrong: each is a diagnostic on its line.
      if (result.problems.length > 0) return result.problems;
      const replica = await services.ready();
      if (replica.role(space)?.admin === false)
        throw vscode.FileSystemError.NoPermissions(l10n.t('Only an admin of space {0} may change the directory.', space));
      await replica.setDirectory(space, result.data, { replace: true });
      services.logger.info(
        `directory of ${space} saved: ${result.data.people.length} people, ${result.data.departments.length} departments`,
      );
      return [];
    },
  };
}

/** Data rows of a CSV text: its non-blank lines after the header. */
function countRows(text: string): number {
  return Math.max(0, text.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1);
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  const fileSystem = new CheckedFileSystem(directoryDocuments(services));
  context.subscriptions.push(
    fileSystem,
    vscode.workspace.registerFileSystemProvider(DIRECTORY_SCHEME, fileSystem, { isCaseSensitive: true }),
    services.onDidChangeDirectory(() => fileSystem.changed(directoryUri(services.directorySpace))),
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
