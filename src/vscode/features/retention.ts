// Retention in the editor (issue 7): the workspace's `.liaison/retention.yaml` (else the built-in
// rules of src/domain/retention.ts), reloaded when saved; "Preview Retention Purge" opens a
// markdown document listing what would be purged and why; "Purge Expired Records" asks, with the
// count, then purges space by space with a progress notification. The purge deletes the records
// on every replica through sync and is recorded in each space's purge log (ids and kinds only).
// Archive shelves (src/store/shelves.ts) are part of their space: planning opens the shelves that
// may hold an expired record (src/store/shelfRetention.ts: a shelf's month plus the shortest keep
// has not passed: skipped, its records counted as kept from the catalog), fetching them from the
// server as needed; the purge then goes document by document (a space's active document, then its
// shelves), with progress for each.
import * as vscode from 'vscode';
import { formatPolicyProblem } from '../../domain/policyFile';
import type { PurgeCandidate, RetentionPolicy } from '../../domain/retention';
import { DEFAULT_RETENTION, describeRule, parseRetentionFile } from '../../domain/retention';
import { Zone } from '../../domain/zone';
import { candidateKey, planAcrossDocuments, purgeGroups, shelfMayHoldExpired } from '../../store/shelfRetention';
import type { DocumentRecords, SpacePurgePlan } from '../../store/shelfRetention';
import { parseShelfName } from '../../store/shelves';
import { COMMANDS } from '../commands';
import type { Services } from '../services';

const RETENTION_GLOB = '.liaison/retention.{yaml,yml,json}';

/** The policy in force, or why the workspace's file could not be used. */
type Loaded = { policy: RetentionPolicy; source: string; problem?: undefined } | { policy?: undefined; source: string; problem: string };

/** What the commands return, for extension-host tests and scripts. */
export interface PurgeCommandResult {
  expired: PurgeCandidate[];
  kept: number;
  purged?: number;
}

/** Arguments of `liaison.purge`: `confirm: false` skips the modal question (scripts and tests). */
export interface PurgeCommandArgs {
  confirm?: boolean;
}

async function loadRetention(): Promise<Loaded> {
  const [file] = await vscode.workspace.findFiles(RETENTION_GLOB, undefined, 1);
  if (!file) return { policy: DEFAULT_RETENTION, source: vscode.l10n.t('built-in rules') };
  const source = vscode.workspace.asRelativePath(file);
  const result = parseRetentionFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  if (!result.policy) return { source, problem: result.problems.map((problem) => formatPolicyProblem(problem, source)).join('\n') };
  return { policy: result.policy, source };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The months of the shelves holding a candidate, or "active". */
function whereText(candidate: PurgeCandidate, plan: SpacePurgePlan): string {
  const documents = plan.documents.get(candidateKey(candidate)) ?? [candidate.space];
  return documents.map((document) => parseShelfName(document)?.month ?? vscode.l10n.t('active')).join(', ');
}

function previewMarkdown(plan: SpacePurgePlan, policy: RetentionPolicy, source: string, now: Date, services: Services): string {
  const zone = new Zone(policy.timeZone);
  const language = services.language;
  const lines = [
    `# ${vscode.l10n.t('Retention purge preview')}`,
    '',
    vscode.l10n.t('Policy: {0} · time zone {1} · as of {2}', source, policy.timeZone, zone.format(now)),
    '',
    vscode.l10n.t(
      "Only closed (archived) records are purged: a record expires when its rule's time has passed since it was archived. Open records are never purged. A purge deletes the records on every replica and cannot be undone.",
    ),
    '',
    `## ${vscode.l10n.t('Rules (the first that matches a record decides)')}`,
    '',
    ...policy.rules.map((rule) => `- ${describeRule(rule, language)}`),
    '',
    `## ${vscode.l10n.t('Would be purged: {0}', plan.expired.length)}`,
    '',
  ];
  if (plan.expired.length > 0) {
    lines.push(
      `| ${[vscode.l10n.t('Space'), vscode.l10n.t('Archive shelf'), vscode.l10n.t('Id'), vscode.l10n.t('Kind'), vscode.l10n.t('Title'), vscode.l10n.t('Archived'), vscode.l10n.t('Expired since'), vscode.l10n.t('Rule')].join(' | ')} |`,
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...plan.expired.map(
        (c) =>
          `| ${[c.space, whereText(c, plan), c.id, c.kind, c.title, zone.format(new Date(c.archivedAt)), zone.format(new Date(c.expiredAt)), `${c.rule} (${c.keep})`].map(cell).join(' | ')} |`,
      ),
      '',
    );
  }
  lines.push(vscode.l10n.t('Kept: {0} record(s).', plan.kept), '');
  return lines.join('\n');
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  let loaded: Promise<Loaded> | undefined;
  const reload = (): void => {
    loaded = loadRetention();
    loaded.then(
      (result) => {
        if (result.problem === undefined) services.logger.info(`retention policy: ${result.source}`);
        else {
          services.logger.error(result.problem);
          void vscode.window.showErrorMessage(
            vscode.l10n.t(
              'The retention policy has a problem; nothing will be purged until it is fixed: {0}',
              result.problem.split('\n')[0],
            ),
          );
        }
      },
      (error: unknown) => services.logger.error(`loading the retention policy failed: ${String(error)}`),
    );
  };
  /**
   * The plan under the current policy over the active documents and the archive shelves that may
   * hold expired records (each opened, synced when a server is configured, read and closed), or
   * undefined after telling the user why there is none.
   */
  const plan = async (): Promise<{ plan: SpacePurgePlan; policy: RetentionPolicy; source: string; now: Date } | undefined> => {
    const current = await (loaded ?? loadRetention());
    if (current.policy === undefined) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('The retention policy has a problem; nothing will be purged until it is fixed: {0}', current.problem.split('\n')[0]),
      );
      return undefined;
    }
    const policy = current.policy;
    const replica = await services.ready();
    const now = services.clock.now();
    const active = replica.records();
    const sources: DocumentRecords[] = replica.spaceNames.map((space) => ({
      document: space,
      records: active.filter((record) => record.space === space),
    }));
    const shelves = replica.shelves();
    const toRead = shelves.filter((info) => shelfMayHoldExpired(policy, info.month, now));
    /** Records of the shelves that cannot hold an expired record: kept, as the catalog counts them. */
    const notRead = shelves.filter((info) => !toRead.includes(info)).reduce((sum, info) => sum + info.count, 0);
    if (toRead.length > 0) {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading archive shelves for the retention purge') },
        async (progress) => {
          for (const info of toRead) {
            progress.report({ message: info.name, increment: 100 / toRead.length });
            const shelf = await replica.openShelf(info.name);
            try {
              await shelf
                .whenSynced()
                .catch((error: unknown) =>
                  services.logger.warn(
                    `retention: shelf ${info.name} could not be synced (${String(error)}); planning with the copy on this disk`,
                  ),
                );
              sources.push({ document: info.name, records: shelf.records() });
            } finally {
              await shelf.close();
            }
          }
        },
      );
    }
    const planned = planAcrossDocuments(sources, policy, now);
    return { plan: { ...planned, kept: planned.kept + notRead }, policy, source: current.source, now };
  };

  const watcher = vscode.workspace.createFileSystemWatcher(`**/${RETENTION_GLOB}`);
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(reload),
    watcher.onDidCreate(reload),
    watcher.onDidDelete(reload),
    vscode.commands.registerCommand(COMMANDS.previewPurge, async (): Promise<PurgeCommandResult | undefined> => {
      const planned = await plan();
      if (!planned) return undefined;
      const document = await vscode.workspace.openTextDocument({
        language: 'markdown',
        content: previewMarkdown(planned.plan, planned.policy, planned.source, planned.now, services),
      });
      await vscode.window.showTextDocument(document, { preview: true });
      return { expired: planned.plan.expired, kept: planned.plan.kept };
    }),
    vscode.commands.registerCommand(COMMANDS.purge, async (args?: PurgeCommandArgs): Promise<PurgeCommandResult | undefined> => {
      const planned = await plan();
      if (!planned) return undefined;
      const { expired, kept } = planned.plan;
      if (expired.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Nothing has expired: {0} record(s) are kept.', kept));
        return { expired, kept, purged: 0 };
      }
      if (args?.confirm !== false) {
        const purgeLabel = vscode.l10n.t('Purge');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Purge {0} expired record(s)?', expired.length),
          {
            modal: true,
            detail: vscode.l10n.t(
              'They are deleted on every replica and cannot be restored; the purge log keeps only their ids and kinds. Preview Retention Purge lists them.',
            ),
          },
          purgeLabel,
        );
        if (choice !== purgeLabel) return undefined;
      }
      const replica = await services.ready();
      const groups = purgeGroups(planned.plan);
      const total = groups.reduce((sum, group) => sum + group.candidates.length, 0);
      const by = services.identity?.name ?? 'unknown';
      const gone = new Set<string>();
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Purging expired records') },
        async (progress) => {
          for (const { space, shelf, candidates } of groups) {
            progress.report({
              message:
                shelf === undefined
                  ? vscode.l10n.t('space {0}: {1} record(s)', space, candidates.length)
                  : vscode.l10n.t('space {0}, archive shelf {1}: {2} record(s)', space, shelf, candidates.length),
              increment: (100 * candidates.length) / total,
            });
            const rules = planned.policy.rules.filter((rule) => candidates.some((candidate) => candidate.rule === rule.id));
            const meta = { at: services.clock.now().toISOString(), by, policy: rules.map((rule) => describeRule(rule, 'en')).join('; ') };
            const ids = candidates.map((candidate) => candidate.id);
            // The plan says which document holds each record: look nowhere else.
            const entry =
              shelf === undefined ? await replica.purge(space, ids, meta, { shelves: [] }) : await replica.purge(shelf, ids, meta);
            for (const id of entry?.ids ?? []) gone.add(candidateKey({ space, id }));
            services.logger.info(
              `purged ${entry?.ids.length ?? 0} record(s) of space ${space}${shelf === undefined ? '' : `, archive shelf ${shelf}`}`,
            );
          }
        },
      );
      const purged = gone.size;
      void vscode.window.showInformationMessage(vscode.l10n.t('Purged {0} expired record(s); {1} kept.', purged, kept));
      return { expired, kept, purged };
    }),
  );
  reload();
}
