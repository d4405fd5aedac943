// `liaison purge --store DIR [--space NAME] [--policy FILE] [--at TIME] [--apply] [--json]`:
// retention (src/domain/retention.ts). Without --apply it previews what the policy says has
// expired; with --apply it deletes those records, planned and purged by the same code as the
// editor's Purge Expired Records (src/app/purge.ts, through an offline Replica: one transaction and
// one purge-log entry per document, then a compaction so their content leaves the store's files).
// The deletion reaches every other replica the next time this store syncs.
// A space's archive shelves (`S.archive.YYYY-MM`, src/store/shelves.ts) that this store holds are
// part of it: their records are planned with the space's, shown with their shelf, and purged there
// (logged on the shelf and, naming it, in the space's active document). Shelves a replica never
// opened are not in its store: they are purged where they are held (the editor opens them).
import { applyStorePurge, planStorePurge } from '../../app/purge';
import type { OfflineStore } from '../../app/store';
import type { PurgeCandidate, RetentionPolicy } from '../../domain/retention';
import { Zone } from '../../domain/zone';
import { candidateKey } from '../../store/shelfRetention';
import type { SpacePurgePlan } from '../../store/shelfRetention';
import { parseShelfName } from '../../store/shelves';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';
import { STORE_FLAGS_USAGE, accountName, openChosenSpaces, storePolicyInForce, storeRoot, unreadableLine } from '../records';

const summary = 'preview, or with --apply delete, the closed records whose retention has run out';

const usage = `usage: liaison purge --store DIR [--space NAME] [--policy FILE] [--at TIME] [--apply] [--json] [--by NAME]
Deletes closed (archived) records whose retention has run out. Without --apply it only previews.
${STORE_FLAGS_USAGE} (default: every space in the store; a space includes its archive shelves)
  --policy FILE  the retention policy (default: the team policy stored with the spaces, else .liaison/retention.yaml
                 here if there is one, else the built-in rules)
  --at TIME      judge expiry at this time instead of now (ISO, or YYYY-MM-DD HH:mm in the policy's zone)
  --apply        purge: delete the records and log the purge (ids and kinds only) in each space
  --json         print the plan (or the result) as JSON
  --by NAME      who purges, for the purge log (default: this account's user name)
Close VS Code (or anything else using the store folder) first; the purge syncs with the rest of
the team the next time this store connects to the server.`;

/**
 * The retention policy from --policy, else the team policy stored with the spaces, else the
 * workspace file here, else the built-ins (src/app/policyInForce.ts); undefined after printing the
 * file's problems.
 */
async function loadPolicy(
  file: string | undefined,
  store: OfflineStore,
  spaces: readonly string[],
  io: CommandIo,
): Promise<{ policy: RetentionPolicy; source: string } | undefined> {
  const loaded = await storePolicyInForce('purge', store, spaces, { retention: file }, io);
  if (loaded.retention === undefined) {
    for (const error of loaded.retentionErrors) io.stderr.write(`${error}\n`);
    io.stderr.write(
      `liaison purge: the retention policy ${loaded.retentionSource} has ${loaded.retentionErrors.length} problem(s); nothing was purged\n`,
    );
    return undefined;
  }
  return { policy: loaded.retention, source: loaded.retentionSource };
}

function readAt(text: string | undefined, zone: Zone): Date {
  if (text === undefined) return new Date();
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim()) && /T|\s\d/.test(text);
  const instant = hasZone ? new Date(text) : zone.parseWallTime(text);
  if (instant === undefined || Number.isNaN(instant.getTime())) {
    throw new UsageError(
      `purge: --at is "${text}": give an ISO time such as 2026-05-20T10:00:00+08:00, or YYYY-MM-DD HH:mm in the policy's time zone (${zone.timeZone})`,
    );
  }
  return instant;
}

/** Where a candidate is: `active`, or the months of the shelves holding it. */
function whereText(candidate: PurgeCandidate, plan: SpacePurgePlan | undefined): string {
  const documents = plan?.documents.get(candidateKey(candidate)) ?? [candidate.space];
  return documents.map((document) => parseShelfName(document)?.month ?? 'active').join(', ');
}

/** The preview as an aligned table, dates in the policy's zone; `shelf` is the month of the archive shelf holding the record, or `active`. */
export function purgeTable(expired: readonly PurgeCandidate[], zone: Zone, plan?: SpacePurgePlan): string {
  const rows = [
    ['space', 'shelf', 'id', 'kind', 'title', 'archived', 'expired since', 'rule'],
    ...expired.map((c) => [
      c.space,
      whereText(c, plan),
      c.id,
      c.kind,
      c.title,
      zone.format(new Date(c.archivedAt)),
      zone.format(new Date(c.expiredAt)),
      `${c.rule} (${c.keep})`,
    ]),
  ];
  // Chinese characters take two columns in a terminal.
  const width = (text: string): number =>
    [...text].reduce(
      (sum, char) =>
        sum + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(char) ? 2 : 1),
      0,
    );
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => width(row[column]))));
  return rows
    .map((row) =>
      row.map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column] - width(cell)))).join('  '),
    )
    .join('\n');
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const flags = parseFlags('purge', args, { values: ['store', 'space', 'policy', 'at', 'by'], switches: ['apply', 'json'] });
  const root = storeRoot('purge', flags);
  const opened = await openChosenSpaces('purge', flags, root, 'all', io);
  if (!opened) return 1;
  const { store, spaces } = opened;
  try {
    const loaded = await loadPolicy(flags.values.get('policy'), store, spaces, io);
    if (!loaded) return 1;
    const { policy, source } = loaded;
    const zone = new Zone(policy.timeZone);
    const now = readAt(flags.values.get('at'), zone);
    const plan = await planStorePurge(store, policy, now, {
      spaces,
      onUnreadable: (record) => io.stderr.write(unreadableLine('purge', record, true)),
    });
    const { expired, kept } = plan;
    /** A candidate as printed by --json: with the shelves holding it, if any. */
    const located = (candidate: PurgeCandidate): PurgeCandidate & { shelves?: string[] } => {
      const shelves = (plan.documents.get(candidateKey(candidate)) ?? []).filter((document) => parseShelfName(document) !== undefined);
      return shelves.length > 0 ? { ...candidate, shelves } : candidate;
    };
    if (!flags.switches.has('apply')) {
      if (flags.switches.has('json'))
        io.stdout.write(`${JSON.stringify({ policy: source, at: now.toISOString(), expired: expired.map(located), kept }, null, 2)}\n`);
      else {
        if (expired.length > 0) io.stdout.write(`${purgeTable(expired, zone, plan)}\n`);
        io.stdout.write(`${expired.length} record(s) would be purged, ${kept} kept (policy: ${source}; run again with --apply to purge)\n`);
      }
      return 0;
    }
    const by = flags.values.get('by') ?? accountName();
    const at = new Date().toISOString();
    const { documents: purged, purged: count } = await applyStorePurge(store, plan, policy, { by, at: () => at });
    if (flags.switches.has('json'))
      io.stdout.write(`${JSON.stringify({ policy: source, at: now.toISOString(), purged, kept }, null, 2)}\n`);
    else {
      for (const entry of purged)
        io.stdout.write(
          `space ${entry.space}${entry.shelf === undefined ? '' : `, shelf ${entry.shelf}`}: purged ${entry.ids.length} record(s)\n`,
        );
      io.stdout.write(`purged ${count} record(s), ${kept} kept\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

export const purgeCommand: Command = { name: 'purge', summary, usage, run };
