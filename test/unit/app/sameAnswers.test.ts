// The command line and the editor give the same answers for the same store: `liaison report` and
// `liaison purge` (in process) against what the editor's report panel and Purge Expired Records
// call (src/app/report.ts, src/app/purge.ts, through a Replica opened as the editor opens it). The
// store has two spaces whose directories place people differently, archive shelves (one with a
// stale catalog count), a team kind, and a policy on New York time with a request closed in the
// last half hour of May there (already June on the shelves' UTC+8 calendar).
import assert from 'node:assert/strict';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { archiveMonthOf, archiveMonths, byArchiveMonth, shelvesOfMonth } from '../../../src/app/archiveMonths';
import { directoryOf } from '../../../src/app/directory';
import { loadPolicyFiles } from '../../../src/app/policyFiles';
import { applyStorePurge, planStorePurge } from '../../../src/app/purge';
import { storeReport } from '../../../src/app/report';
import { ReportRecords } from '../../../src/app/reportRecords';
import { replicaReader } from '../../../src/app/store';
import { purgeCommand } from '../../../src/cli/commands/purge';
import { reportCommand } from '../../../src/cli/commands/report';
import { nodeFiles } from '../../../src/cli/records';
import { loadTeamTemplates } from '../../../src/cli/teamFiles';
import type { DirectoryData } from '../../../src/domain/directory';
import type { LiaisonRecord } from '../../../src/domain/record';
import { reportToJson } from '../../../src/domain/reportFormat';
import type { MonthlyReport } from '../../../src/domain/reportModel';
import { DEFAULT_RETENTION } from '../../../src/domain/retention';
import { writeDirectory } from '../../../src/store/directoryDoc';
import { LocalStore } from '../../../src/store/localStore';
import { putRecord } from '../../../src/store/recordsDoc';
import { shelfCatalog, shelfName } from '../../../src/store/shelves';
import { Replica } from '../../../src/sync/replica';
import { silentLogger } from '../../../src/util/logger';
import { runInProcess } from '../cli/inProcess';
import { DIRECTORY, POLICY_YAML, ev, fixtureRecords } from '../domain/reportFixture';
import { retentionRecord } from '../domain/retentionFixtures';
import { NEW_YORK, monthEndRequest } from './monthEndFixture';
import { Cleanup, tempDir } from '../search/helpers';

const SPACES = ['client-acme', 'internal'];
/** The client space's directory puts 李明 and 张伟 elsewhere: a report must read one directory, the one chosen. */
const CLIENT_DIRECTORY: DirectoryData = {
  people: [
    { name: '李明', department: '客户成功部' },
    { name: '张伟', department: '客户成功部' },
    { name: '陈静', department: '客户成功部' },
  ],
  departments: [{ name: '客户成功部', head: '陈静' }],
};
const VENDOR_TEMPLATE = [
  '---',
  'kind: vendor-onboarding',
  'label: { zh: 供应商入驻, en: Vendor onboarding }',
  'audience: [recipients]',
  'fields:',
  '  - key: recipients',
  '    label: { zh: 接收人, en: Recipients }',
  '    type: people',
  '    required: true',
  '---',
  '## Background',
  '',
].join('\n');

function vendorRecord(): LiaisonRecord {
  return {
    id: 'R-vendor',
    kind: 'vendor-onboarding',
    space: 'internal',
    title: 'Huaxing onboarding',
    fields: { sender: '王芳', priority: 'medium', recipients: ['李明'], audience: ['李明'] },
    body: '',
    createdBy: '王芳',
    createdAt: '2026-05-12T13:00:00.000Z',
    events: [ev('sent', '王芳', '2026-05-12T13:00:00.000Z'), ev('read', '李明', '2026-05-12T13:10:00.000Z')],
  };
}

/** The editor's way: a Replica on the spaces, as Services opens it. */
function openAsEditor(root: string): Promise<Replica> {
  return Replica.open({ storeRoot: root, spaces: SPACES, logger: silentLogger });
}

describe('the command line and the editor give the same answers', () => {
  const cleanup = new Cleanup();
  let dir: string;
  let root: string;

  before(async () => {
    dir = await tempDir(cleanup, 'liaison-same-answers-');
    root = join(dir, 'store');
    const local = new LocalStore(root);
    const internal = await local.openSpace('internal');
    for (const record of [
      ...fixtureRecords(),
      monthEndRequest('R-boundary', { space: 'internal', title: 'Month-end close', author: '陈静', owner: '李明', score: 5 }),
      vendorRecord(),
    ])
      putRecord(internal.doc, record);
    // Closed records for retention, shelved below (and one more in the active document, after that).
    putRecord(internal.doc, retentionRecord('R-old-shelved', 'internal-message', '2020-02-10T00:00:00.000Z'));
    putRecord(internal.doc, retentionRecord('R-kept-shelved', 'external-request', '2020-02-11T00:00:00.000Z'));
    writeDirectory(internal.doc, DIRECTORY, { replace: true });
    writeDirectory((await local.openSpace('client-acme')).doc, CLIENT_DIRECTORY, { replace: true });
    await local.close();
    // Every closed record moves to its month's shelf, as the editor's moving pass does.
    const replica = await openAsEditor(root);
    await replica.shelve({ afterDays: 0, now: new Date('2026-07-01T00:00:00.000Z') });
    // A stale catalog count (advisory: as of the last move) on a shelf no purge reads.
    shelfCatalog(replica.doc('internal')!).set('2026-04', 7);
    // Closed in 2020 and not moved yet (a pass runs a week after closing).
    await replica.add(retentionRecord('R-old-active', 'internal-message', '2020-03-01T00:00:00.000Z'));
    await replica.close();
    await mkdir(join(dir, '.liaison', 'templates'), { recursive: true });
    await writeFile(join(dir, '.liaison', 'policy.yaml'), POLICY_YAML.replace('timeZone: UTC', `timeZone: ${NEW_YORK}`));
    await writeFile(join(dir, '.liaison', 'templates', 'vendor-onboarding.md'), VENDOR_TEMPLATE);
  });
  after(() => cleanup.run());

  it('shelved the closed records by storage month: the boundary request is on the June shelf', async () => {
    const replica = await openAsEditor(root);
    try {
      assert.deepEqual(
        replica
          .shelves('internal')
          .map((shelf) => shelf.month)
          .sort(),
        ['2020-02', '2026-04', '2026-05', '2026-06'],
      );
    } finally {
      await replica.close();
    }
  });

  it('liaison report prints the figures of the editor’s report for the same store and month', async () => {
    const policyFile = join(dir, '.liaison', 'policy.yaml');
    const templatesDir = join(dir, '.liaison', 'templates');
    for (const month of ['2026-05', '2026-06']) {
      const run = await runInProcess(
        [reportCommand],
        [
          'report',
          '--store',
          root,
          '--month',
          month,
          '--format',
          'json',
          '--lang',
          'en',
          '--policy',
          policyFile,
          '--templates',
          templatesDir,
          '--directory-space',
          'client-acme',
        ],
      );
      assert.equal(run.code, 0, run.stderr);
      const cli = JSON.parse(run.stdout) as MonthlyReport;

      // What features/report.ts does, with the workspace's policy, templates and directory setting.
      const loaded = await loadPolicyFiles(dir, nodeFiles);
      assert.deepEqual(loaded.errors, []);
      const templates = await loadTeamTemplates(templatesDir);
      const replica = await openAsEditor(root);
      const records = new ReportRecords(() => undefined, silentLogger);
      let editor: MonthlyReport;
      try {
        editor = await storeReport(replicaReader(replica), records, {
          month,
          language: 'en',
          policy: loaded.policy,
          calendar: loaded.calendar,
          now: new Date(cli.generatedAt),
          directory: directoryOf(replica, { directorySpace: 'client-acme' }).directory,
          spaces: replica.spaceNames,
          templates: templates.set,
        });
      } finally {
        await records.close();
        await replica.close();
      }
      assert.deepEqual(JSON.parse(reportToJson(editor)), cli, `the ${month} report`);
      assert.equal(cli.zone, NEW_YORK);
      assert.ok(
        month !== '2026-05' ||
          (cli.byDepartment.some((row) => row.key === '客户成功部') && !cli.byDepartment.some((row) => row.key === '研发部')),
        `the chosen directory places the recipients: ${JSON.stringify(cli.byDepartment.map((row) => row.key))}`,
      );
      assert.ok(
        month !== '2026-05' || cli.byKind.some((row) => row.key === 'vendor-onboarding' && row.label === 'Vendor onboarding'),
        `the team kind is named by its template: ${JSON.stringify(cli.byKind)}`,
      );
    }
  });

  it('with a policy on New York time, the report and the Archive put the boundary request in the same month', async () => {
    const loaded = await loadPolicyFiles(dir, nodeFiles);
    const zone = loaded.calendar.zone;
    const replica = await openAsEditor(root);
    const records = new ReportRecords(() => undefined, silentLogger);
    try {
      const reader = replicaReader(replica);
      const report = (month: string): Promise<MonthlyReport> =>
        storeReport(reader, records, {
          month,
          language: 'en',
          policy: loaded.policy,
          calendar: loaded.calendar,
          now: new Date('2026-07-01T00:00:00.000Z'),
          directory: directoryOf(replica).directory,
        });
      const rated = (result: MonthlyReport): string[] => result.satisfaction.entries.map((entry) => entry.id);
      assert.ok(rated(await report('2026-05')).includes('R-boundary'), 'the May report counts its rating');
      assert.ok(!rated(await report('2026-06')).includes('R-boundary'), 'the June report does not');

      // The Archive tree's month (src/app/archiveMonths.ts, what features/archiveTree.ts calls).
      const boundary = await replica.findRecord('internal', 'R-boundary');
      assert.ok(boundary, 'the request is on a shelf');
      assert.equal(archiveMonthOf(boundary, zone), '2026-05');
      const shelves = shelvesOfMonth(replica.shelves(), '2026-05', zone);
      assert.deepEqual(shelves.map((shelf) => shelf.name).sort(), [shelfName('internal', '2026-05'), shelfName('internal', '2026-06')]);
      const june = await replica.openShelf(shelfName('internal', '2026-06'));
      try {
        const read = new Map([...byArchiveMonth(june.records(), zone)].map(([month, list]) => [month, list.length]));
        const info = replica.shelves().find((shelf) => shelf.name === june.name)!;
        const rows = archiveMonths(new Map(), [{ ...info, read }]);
        assert.deepEqual(
          rows.filter((row) => row.month.startsWith('2026-0')),
          [
            { month: '2026-06', count: 0 },
            { month: '2026-05', count: 1 },
          ],
          'once its shelf is read, the Archive counts it under May',
        );
      } finally {
        await june.close();
      }
    } finally {
      await records.close();
      await replica.close();
    }
  });

  it('liaison purge and the editor’s purge plan and delete the same records', async () => {
    const at = new Date('2028-06-01T00:00:00.000Z');
    const cliStore = join(dir, 'cli-copy');
    const editorStore = join(dir, 'editor-copy');
    await cp(root, cliStore, { recursive: true });
    await cp(root, editorStore, { recursive: true });

    const preview = await runInProcess([purgeCommand], ['purge', '--store', cliStore, '--at', at.toISOString(), '--json']);
    assert.equal(preview.code, 0, preview.stderr);
    const planned = JSON.parse(preview.stdout) as { expired: { space: string; id: string }[]; kept: number };
    const run = await runInProcess(
      [purgeCommand],
      ['purge', '--store', cliStore, '--at', at.toISOString(), '--apply', '--json', '--by', '王芳'],
    );
    assert.equal(run.code, 0, run.stderr);
    const cli = JSON.parse(run.stdout) as { purged: { space: string; shelf?: string; ids: string[] }[]; kept: number };

    // What features/retention.ts does: plan over the replica, then purge what the plan found where it found it.
    const replica = await openAsEditor(editorStore);
    try {
      const reader = replicaReader(replica);
      const plan = await planStorePurge(reader, DEFAULT_RETENTION, at);
      assert.deepEqual(
        plan.expired.map((candidate) => `${candidate.space}:${candidate.id}`).sort(),
        planned.expired.map((candidate) => `${candidate.space}:${candidate.id}`).sort(),
      );
      assert.equal(plan.kept, planned.kept, 'the same count kept (a shelf not read counts by its catalog)');
      const purged = await applyStorePurge(reader, plan, DEFAULT_RETENTION, { by: '王芳', at: () => at.toISOString() });
      assert.deepEqual(purged.documents, cli.purged);
      assert.deepEqual(
        cli.purged.flatMap((entry) => entry.ids).sort(),
        ['R-old-active', 'R-old-shelved'],
        'the closed messages of 2020, on the active document and on a shelf',
      );
    } finally {
      await replica.close();
    }
  });
});
