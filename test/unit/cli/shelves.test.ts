// The command-line tool and archive shelves: a store holds a space's shelves (`S.archive.YYYY-MM`)
// as folders of their own; the tool counts them as part of their space, never as spaces. `purge`
// plans and purges shelved records (naming the space and the shelf, logging the purge on the shelf
// and in the space's log); `export` and `search` include shelved records; `--space` refuses a shelf.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { exportCommand } from '../../../src/cli/commands/export';
import { purgeCommand } from '../../../src/cli/commands/purge';
import { searchCommand } from '../../../src/cli/commands/search';
import { storeSpaces } from '../../../src/cli/records';
import { LocalStore } from '../../../src/store/localStore';
import { purgeLog } from '../../../src/store/purge';
import { listRecords, putRecord } from '../../../src/store/recordsDoc';
import { readCatalog, shelfCatalog, shelfName } from '../../../src/store/shelves';
import { retentionRecord } from '../domain/retentionFixtures';
import { tempDir, useCleanup } from '../search/helpers';
import { runInProcess } from './inProcess';
import type { Run } from './inProcess';

const SECRET = 'zq-cli-shelved-secret-91b7';
const MAY_2024 = shelfName('internal', '2024-05');
const APRIL_2027 = shelfName('internal', '2027-04');

function liaison(...argv: string[]): Promise<Run> {
  return runInProcess([purgeCommand, exportCommand, searchCommand], argv);
}

/** Ids per document, the logs, and the catalog of the store at `root`. */
async function storeState(root: string): Promise<Record<string, unknown>> {
  const store = new LocalStore(root);
  try {
    const state: Record<string, unknown> = {};
    for (const name of await store.spaceNames()) {
      const space = await store.openSpace(name);
      state[name] = listRecords(space.doc)
        .records.map((record) => record.id)
        .sort();
      state[`${name} log`] = purgeLog(space.doc).map((entry) => `${entry.ids.join(',')}${entry.shelf ? ` @${entry.shelf}` : ''}`);
      if (name === 'internal') state.catalog = readCatalog(space.doc).map((entry) => `${entry.month}:${entry.count}`);
    }
    return state;
  } finally {
    await store.close();
  }
}

async function filesHolding(root: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const space of await readdir(join(root, 'spaces'))) {
    for (const name of await readdir(join(root, 'spaces', space))) {
      if ((await readFile(join(root, 'spaces', space, name))).includes(Buffer.from(text))) found.push(`${space}/${name}`);
    }
  }
  return found;
}

describe('liaison and archive shelves', () => {
  const cleanup = useCleanup();
  let root: string;

  beforeEach(async () => {
    root = await tempDir(cleanup, 'liaison-shelves-');
    const store = new LocalStore(root);
    const active = await store.openSpace('internal');
    putRecord(active.doc, retentionRecord('R-open', 'internal-message'));
    const may = await store.openSpace(MAY_2024);
    putRecord(may.doc, retentionRecord('R-old-message', 'internal-message', '2024-05-01T00:00:00.000Z', { title: `${SECRET} 旧消息` }));
    putRecord(may.doc, retentionRecord('R-client', 'external-request', '2024-05-02T00:00:00.000Z', { title: '客户记录永久保留' }));
    const april = await store.openSpace(APRIL_2027);
    putRecord(april.doc, retentionRecord('R-recent', 'internal-message', '2027-04-01T00:00:00.000Z'));
    shelfCatalog(active.doc).set('2024-05', 2);
    shelfCatalog(active.doc).set('2027-04', 1);
    await store.close();
  });

  it('counts shelf folders as their space, and refuses a shelf given as --space', async () => {
    assert.deepEqual(await storeSpaces(new LocalStore(root)), ['internal']);
    const run = await liaison('purge', '--store', root, '--space', MAY_2024);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /--space internal\.archive\.2024-05 is an archive shelf of space internal: give --space internal \(its shelves are included\)/,
    );
  });

  it('purge previews shelved records with their space and shelf, and --apply purges them on the shelf, logged in the space', async () => {
    for (const flags of [[], ['--space', 'internal']]) {
      const preview = await liaison('purge', '--store', root, '--at', '2027-06-01 08:00', ...flags);
      assert.equal(preview.code, 0, preview.stderr);
      const lines = preview.stdout.trimEnd().split('\n');
      assert.match(lines[1], /^internal\s+2024-05\s+R-old-message\s+internal-message\s/);
      assert.equal(lines[2], '1 record(s) would be purged, 3 kept (policy: built-in rules; run again with --apply to purge)');
    }
    const json = JSON.parse((await liaison('purge', '--store', root, '--at', '2027-06-01T00:00:00Z', '--json')).stdout) as {
      expired: { space: string; id: string; shelves?: string[] }[];
    };
    assert.deepEqual(
      json.expired.map((candidate) => ({ space: candidate.space, id: candidate.id, shelves: candidate.shelves })),
      [{ space: 'internal', id: 'R-old-message', shelves: [MAY_2024] }],
    );

    const run = await liaison('purge', '--store', root, '--at', '2027-06-01 08:00', '--apply', '--by', '王芳');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `space internal, shelf ${MAY_2024}: purged 1 record(s)\npurged 1 record(s), 3 kept\n`);
    assert.deepEqual(await storeState(root), {
      internal: ['R-open'],
      'internal log': [`R-old-message @${MAY_2024}`],
      catalog: ['2027-04:1', '2024-05:1'],
      [MAY_2024]: ['R-client'],
      [`${MAY_2024} log`]: ['R-old-message'],
      [APRIL_2027]: ['R-recent'],
      [`${APRIL_2027} log`]: [],
    });
    assert.deepEqual(await filesHolding(root, SECRET), []);
  });

  it("export and search include the records of the space's shelves", async () => {
    const exported = await liaison('export', '--store', root);
    assert.equal(exported.code, 0, exported.stderr);
    const rows = exported.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; space: string });
    assert.deepEqual(rows.map((row) => `${row.space}:${row.id}`).sort(), [
      'internal:R-client',
      'internal:R-old-message',
      'internal:R-open',
      'internal:R-recent',
    ]);
    const found = await liaison('search', '客户记录永久保留', '--store', root, '--json');
    assert.equal(found.code, 0, found.stderr);
    const hits = JSON.parse(found.stdout) as { id: string; space: string }[];
    assert.deepEqual(hits.map((hit) => `${hit.space}:${hit.id}`).slice(0, 1), ['internal:R-client']);
  });
});
