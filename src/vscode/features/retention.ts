// Retention in the editor (issue 7): the retention rules in force (services.policy, set by
// features/policy.ts: the team policy stored with the space, else the workspace's
// `.liaison/retention.yaml`, else the built-in rules of src/domain/retention.ts); "Preview Retention Purge" opens a
// markdown document listing what would be purged and why; "Purge Expired Records" asks, with the
// count, then purges space by space with a progress notification. The purge deletes the records
// on every replica through sync and is recorded in each space's purge log (ids and kinds only).
// Archive shelves (src/store/shelves.ts) are part of their space: planning opens the shelves that
// may hold an expired record (src/store/shelfRetention.ts: a shelf's month plus the shortest keep
// has not passed: skipped, its records counted as kept from the catalog), fetching them from the
// server as needed; the purge then goes document by document (a space's active document, then its
// shelves), with progress for each.
import * as vscode from 'vscode';
import { BUILT_IN } from '../../app/policyInForce';
import { applyStorePurge, planStorePurge, shelvesToPlan } from '../../app/purge';
import { replicaReader } from '../../app/store';
import type { PurgeCandidate, RetentionPolicy } from '../../domain/retention';
import { describeRule } from '../../domain/retention';
import { Zone } from '../../domain/zone';
import { candidateKey } from '../../store/shelfRetention';
import type { SpacePurgePlan } from '../../store/shelfRetention';
import type { ShelfInfo } from '../../sync/archiveShelves';
import { parseShelfName } from '../../store/shelves';
import { COMMANDS } from '../commands';
import type { Services } from '../services';
import { l10n } from '../shared/l10n';

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

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The months of the shelves holding a candidate, or "active". */
function whereText(candidate: PurgeCandidate, plan: SpacePurgePlan): string {
  const documents = plan.documents.get(candidateKey(candidate)) ?? [candidate.space];
  return documents.map((document) => parseShelfName(document)?.month ?? l10n.t('active')).join(', ');
}

function previewMarkdown(plan: SpacePurgePlan, policy: RetentionPolicy, source: string, now: Date, services: Services): string {
  const zone = new Zone(policy.timeZone);
  const language = services.language;
  const lines = [
    `# ${l10n.t('Retention purge preview')}`,
    '',
    l10n.t('Policy: {0} · time zone {1} · as of {2}', source, policy.timeZone, zone.format(now)),
    '',
    l10n.t(
      "Only closed (archived) records are purged: a record expires when its rule's time has passed since it was archived. Open records are never purged. A purge deletes the records on every replica and cannot be undone.",
    ),
    '',
    `## ${l10n.t('Rules (the first that matches a record decides)')}`,
    '',
    ...policy.rules.map((rule) => `- ${describeRule(rule, language)}`),
    '',
    `## ${l10n.t('Would be purged: {0}', plan.expired.length)}`,
    '',
  ];
  if (plan.expired.length > 0) {
    lines.push(
      `| ${[l10n.t('Space'), l10n.t('Archive shelf'), l10n.t('Id'), l10n.t('Kind'), l10n.t('Title'), l10n.t('Archived'), l10n.t('Expired since'), l10n.t('Rule')].join(' | ')} |`,
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...plan.expired.map(
        (c) =>
          `| ${[c.space, whereText(c, plan), c.id, c.kind, c.title, zone.format(new Date(c.archivedAt)), zone.format(new Date(c.expiredAt)), `${c.rule} (${c.keep})`].map(cell).join(' | ')} |`,
      ),
      '',
    );
  }
  lines.push(l10n.t('Kept: {0} record(s).', plan.kept), '');
  return lines.join('\n');
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  /**
   * The plan under the current policy over the active documents and the archive shelves that may
   * hold expired records (each opened, synced when a server is configured, read and closed), or
   * undefined after telling the user why there is none.
   */
  const plan = async (): Promise<{ plan: SpacePurgePlan; policy: RetentionPolicy; source: string; now: Date } | undefined> => {
    const current = services.policy.current;
    if (current.retention === undefined) {
      void vscode.window.showErrorMessage(
        l10n.t('The retention policy has a problem; nothing will be purged until it is fixed: {0}', current.retentionErrors[0] ?? ''),
      );
      return undefined;
    }
    const policy = current.retention;
    const source = current.retentionSource === BUILT_IN ? l10n.t('built-in rules') : current.retentionSource;
    const replica = await services.ready();
    const now = services.clock.now();
    const reader = replicaReader(replica);
    const plan = (onShelf?: (info: ShelfInfo, index: number, total: number) => void): Promise<SpacePurgePlan> =>
      planStorePurge(reader, policy, now, {
        onShelf,
        onSyncProblem: (info, error) =>
          services.logger.warn(`retention: shelf ${info.name} could not be synced (${String(error)}); planning with the copy on this disk`),
      });
    // Reading shelves (opened, synced with a server) can take a while: then with progress.
    const planned =
      shelvesToPlan(reader, policy, now).length === 0
        ? await plan()
        : await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: l10n.t('Reading archive shelves for the retention purge') },
            (progress) => plan((info, _index, total) => progress.report({ message: info.name, increment: 100 / total })),
          );
    return { plan: planned, policy, source, now };
  };

  context.subscriptions.push(
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
        void vscode.window.showInformationMessage(l10n.t('Nothing has expired: {0} record(s) are kept.', kept));
        return { expired, kept, purged: 0 };
      }
      if (args?.confirm !== false) {
        const purgeLabel = l10n.t('Purge');
        const choice = await vscode.window.showWarningMessage(
          l10n.t('Purge {0} expired record(s)?', expired.length),
          {
            modal: true,
            detail: l10n.t(
              'They are deleted on every replica and cannot be restored; the purge log keeps only their ids and kinds. Preview Retention Purge lists them.',
            ),
          },
          purgeLabel,
        );
        if (choice !== purgeLabel) return undefined;
      }
      const replica = await services.ready();
      const by = services.identity?.name ?? 'unknown';
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: l10n.t('Purging expired records') },
        (progress) =>
          applyStorePurge(replicaReader(replica), planned.plan, planned.policy, {
            by,
            at: () => services.clock.now().toISOString(),
            onDocument: ({ space, shelf, candidates }, _done, total) =>
              progress.report({
                message:
                  shelf === undefined
                    ? l10n.t('space {0}: {1} record(s)', space, candidates.length)
                    : l10n.t('space {0}, archive shelf {1}: {2} record(s)', space, shelf, candidates.length),
                increment: (100 * candidates.length) / total,
              }),
          }),
      );
      for (const { space, shelf, ids } of result.documents)
        services.logger.info(`purged ${ids.length} record(s) of space ${space}${shelf === undefined ? '' : `, archive shelf ${shelf}`}`);
      const purged = result.purged;
      void vscode.window.showInformationMessage(l10n.t('Purged {0} expired record(s); {1} kept.', purged, kept));
      return { expired, kept, purged };
    }),
  );
}
