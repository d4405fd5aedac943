// Liaison: Edit Team Policy opens the team policy stored with the space (src/app/teamPolicy.ts) as
// two YAML documents of a virtual file system (scheme liaison-policy): `/<space>/policy.yaml`
// (response times, working calendar) and `/<space>/retention.yaml`, each what the workspace file of
// that name holds. Saving checks the policy as `liaison policy set` does; a problem is a diagnostic
// on its line with the field and the fix and nothing changes (src/vscode/shared/checkedFiles.ts);
// a good save appends a version, which syncs to every member (the server takes it from the space's
// admins only). Liaison: Team Policy History lists the versions and opens any of them.
// A workspace's own `.liaison/policy.yaml` / `retention.yaml` is offered once per space for import
// into the space's team policy (Import / Not now, remembered); after that the space's policy is in
// force and the files are ignored (src/app/policyInForce.ts).
import * as vscode from 'vscode';
import { readPolicyTexts } from '../../app/policyFiles';
import { appendTeamPolicyVersion, checkTeamPolicy, readTeamPolicy, teamPolicyArray, teamPolicyVersions } from '../../app/teamPolicy';
import type { TeamPolicyProblem, TeamPolicyVersion } from '../../app/teamPolicy';
import { COMMANDS } from '../commands';
import type { Services } from '../services';
import { CheckedFileSystem } from '../shared/checkedFiles';
import type { CheckedProblem } from '../shared/checkedFiles';
import { l10n } from '../shared/l10n';
import { workspaceFiles } from '../shared/workspaceFiles';
import { policyFolder } from '../shared/policyFolder';

export const POLICY_SCHEME = 'liaison-policy';
const PARTS = ['policy', 'retention'] as const;
type Part = (typeof PARTS)[number];

export function policyUri(space: string, part: Part): vscode.Uri {
  return vscode.Uri.from({ scheme: POLICY_SCHEME, path: `/${space}/${part}.yaml` });
}

function parse(uri: vscode.Uri): { space: string; part?: Part } {
  const [space = '', file = ''] = uri.path.split('/').filter(Boolean);
  return { space, part: PARTS.find((part) => file === `${part}.yaml`) };
}

/** What Edit Team Policy and the import offer return, for extension-host tests and scripts. */
export interface EditTeamPolicyResult {
  space: string;
  policy: string;
  retention: string;
}

/** Appends a version to `space` unless the texts are the one in force; the problems when they do not parse (nothing written). */
async function store(
  services: Services,
  space: string,
  texts: { policy: string; retention: string; ics: TeamPolicyVersion['ics'] },
): Promise<readonly TeamPolicyProblem[]> {
  const checked = checkTeamPolicy(texts);
  if (checked.problems.length > 0) return checked.problems;
  const replica = await services.ready();
  if (replica.role(space)?.admin === false)
    throw vscode.FileSystemError.NoPermissions(l10n.t('Only an admin of space {0} may change the team policy.', space));
  const doc = replica.doc(space);
  const current = doc ? readTeamPolicy(doc).version : undefined;
  if (current && current.policy === texts.policy && current.retention === texts.retention) return [];
  const version = await replica.change(space, (spaceDoc) =>
    appendTeamPolicyVersion(spaceDoc, { ...texts, by: services.identity?.name ?? 'unknown', at: services.clock.now() }),
  );
  services.logger.info(`team policy of ${space}: version ${version.id} set by ${version.by}`);
  return [];
}

function texts(services: Services, space: string): { policy: string; retention: string; ics: TeamPolicyVersion['ics'] } {
  const doc = services.replica?.doc(space);
  const version = doc ? readTeamPolicy(doc).version : undefined;
  return { policy: version?.policy ?? '', retention: version?.retention ?? '', ics: version?.ics ?? [] };
}

function versionText(version: TeamPolicyVersion): string {
  return [
    `# ${l10n.t('Team policy version {0}, set by {1} at {2}', version.id, version.by, version.at)}`,
    '# policy.yaml',
    version.policy.trim() === '' ? `# ${l10n.t('(built-in rules)')}` : version.policy.trimEnd(),
    '',
    '# retention.yaml',
    version.retention.trim() === '' ? `# ${l10n.t('(built-in rules)')}` : version.retention.trimEnd(),
    '',
  ].join('\n');
}

const OFFERED_KEY = 'liaison.policyImportOffered';

/** Offers the workspace's policy files for import into the policy space, once per space; resolves with what was imported, if anything. */
async function offerImport(
  context: vscode.ExtensionContext,
  services: Services,
  ask: (message: string, ...choices: string[]) => Thenable<string | undefined> = (message, ...choices) =>
    vscode.window.showInformationMessage(message, ...choices),
): Promise<EditTeamPolicyResult | undefined> {
  const replica = await services.ready();
  const space = services.policySpace;
  const doc = replica.doc(space);
  const offered = context.globalState.get<Record<string, string>>(OFFERED_KEY) ?? {};
  if (!doc || teamPolicyArray(doc).length > 0 || offered[space] !== undefined) return undefined;
  const folder = await policyFolder();
  if (!folder) return undefined;
  const found = await readPolicyTexts(folder.uri.fsPath, workspaceFiles);
  if (found.files.length === 0) return undefined;
  const importLabel = l10n.t('Import');
  const notNow = l10n.t('Not now');
  const choice = await ask(
    l10n.t(
      'This workspace has its own {0}. Import it into the team policy of space {1}, so that every member and the server run the same rules? The files are ignored after that.',
      found.files.join(', '),
      space,
    ),
    importLabel,
    notNow,
  );
  await context.globalState.update(OFFERED_KEY, { ...offered, [space]: choice === importLabel ? 'imported' : 'declined' });
  if (choice !== importLabel) return undefined;
  const problems = found.errors.length > 0 ? found.errors : checkTeamPolicy(found).errors;
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(l10n.t('The policy files were not imported: {0}', problems[0]));
    return undefined;
  }
  await store(services, space, found);
  void vscode.window.showInformationMessage(
    l10n.t('The team policy of space {0} is now the one imported from {1}.', space, found.files.join(', ')),
  );
  return { space, policy: found.policy, retention: found.retention };
}

/** For extension-host tests: the import offer answered without the notification, and the diagnostics of a document. */
export interface TeamPolicyUi {
  offerImport(answer?: 'import' | 'not now'): Promise<EditTeamPolicyResult | undefined>;
  forgetOffers(): Thenable<void>;
  diagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[];
}

export function register(context: vscode.ExtensionContext, services: Services): TeamPolicyUi {
  const fileSystem = new CheckedFileSystem({
    scheme: POLICY_SCHEME,
    isDocument: (uri) => parse(uri).part !== undefined,
    read: (uri) => {
      const { space, part } = parse(uri);
      return part ? texts(services, space)[part] : '';
    },
    write: async (uri, text) => {
      const { space, part } = parse(uri);
      if (!part) return [];
      const current = texts(services, space);
      const problems = await store(services, space, { ...current, [part]: text });
      // Only this document's problems are shown on its lines (the other part is the one in force, which parses).
      return problems
        .filter((problem) => problem.part === part)
        .map((problem): CheckedProblem => ({ line: problem.line, field: problem.field, message: problem.message }));
    },
  });
  const refresh = (space: string): void => PARTS.forEach((part) => fileSystem.changed(policyUri(space, part)));
  context.subscriptions.push(
    fileSystem,
    vscode.workspace.registerFileSystemProvider(POLICY_SCHEME, fileSystem, { isCaseSensitive: true }),
    services.onDidOpenReplica((scope) => {
      for (const space of scope.replica.spaceNames) {
        const doc = scope.replica.doc(space);
        if (!doc) continue;
        const versions = teamPolicyArray(doc);
        const observer = (): void => refresh(space);
        versions.observe(observer);
        scope.add(() => versions.unobserve(observer));
      }
      offerImport(context, services).catch((error: unknown) =>
        services.logger.error(`offering the policy import failed: ${String(error)}`),
      );
    }),
    vscode.commands.registerCommand(COMMANDS.editTeamPolicy, async (): Promise<string[]> => {
      await services.ready();
      const space = services.policySpace;
      const uris: string[] = [];
      for (const part of ['retention', 'policy'] as const) {
        const document = await vscode.workspace.openTextDocument(policyUri(space, part));
        await vscode.window.showTextDocument(document, { preview: false });
        uris.push(document.uri.toString());
      }
      return uris.reverse();
    }),
    vscode.commands.registerCommand(COMMANDS.teamPolicyHistory, async (): Promise<TeamPolicyVersion | undefined> => {
      const replica = await services.ready();
      const space = services.policySpace;
      const doc = replica.doc(space);
      const versions = doc ? teamPolicyVersions(doc).reverse() : [];
      if (versions.length === 0) {
        void vscode.window.showInformationMessage(
          l10n.t('Space {0} has no team policy yet: the built-in rules (or the workspace files) are in force.', space),
        );
        return undefined;
      }
      const inForce = doc ? readTeamPolicy(doc).version?.id : undefined;
      const picked = await vscode.window.showQuickPick(
        versions.map((version) => ({
          label: `${version.at.slice(0, 16).replace('T', ' ')} · ${version.by}`,
          description: version.id === inForce ? l10n.t('in force') : undefined,
          detail: version.id,
          version,
        })),
        { title: l10n.t('Team policy history of space {0}', space), placeHolder: l10n.t('Pick a version to read it') },
      );
      if (!picked) return undefined;
      const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: versionText(picked.version) });
      await vscode.window.showTextDocument(document, { preview: true });
      return picked.version;
    }),
  );
  return {
    offerImport: (answer) =>
      offerImport(
        context,
        services,
        answer === undefined ? undefined : (_message, ...choices) => Promise.resolve(choices[answer === 'import' ? 0 : 1]),
      ),
    forgetOffers: () => context.globalState.update(OFFERED_KEY, undefined),
    diagnostics: (uri) => fileSystem.diagnostics.get(uri) ?? [],
  };
}
