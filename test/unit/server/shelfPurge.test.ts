// Retention purge of records on archive shelves (src/sync/archiveShelves.ts purgeShelf): two
// Replicas with their own store folders against the real server. Records archived long ago are
// moved to the shelf of their month, then A purges what the policy says has expired: A and B lose
// exactly those (B's copy of the shelf too, without anyone opening it on B), both keep the rest
// (active, shelved and kept forever, shelved and not yet expired), the purge is in both replicas'
// `purgeLog(space)`, and the purged text is in no file of A, B or the server.
import { strict as assert } from 'node:assert';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiaisonRecord } from '../../../src/domain/record';
import { DEFAULT_RETENTION, describeRule, planPurge } from '../../../src/domain/retention';
import { shelfName } from '../../../src/store/shelves';
import { Replica } from '../../../src/sync/replica';
import { retentionRecord } from '../domain/retentionFixtures';
import { Cleanup, startServer, tempDir, waitFor } from './helpers';

const SPACE = 'internal';
const NOW = new Date('2027-06-01T00:00:00.000Z');
const MAY_2024 = shelfName(SPACE, '2024-05');
const APRIL_2027 = shelfName(SPACE, '2027-04');
/** Unique text in the expired records: searched for in the bytes of every store file. */
const SECRET_TITLE = 'zq-shelved-expired-title-3c81e0';
const SECRET_BODY = '归档过期正文-d19f 合同金额明细';

function records(): LiaisonRecord[] {
  return [
    retentionRecord('R-expired-message', 'internal-message', '2024-05-01T00:00:00.000Z', {
      title: `${SECRET_TITLE} message`,
      body: `${SECRET_BODY}\n`,
    }),
    retentionRecord('R-expired-minutes', 'meeting-minutes', '2024-05-03T00:00:00.000Z', { title: `${SECRET_TITLE} minutes` }),
    retentionRecord('R-external', 'external-request', '2024-05-02T00:00:00.000Z', { title: 'shelved client record kept forever' }),
    retentionRecord('R-live-message', 'internal-message', '2027-04-01T00:00:00.000Z', { title: 'shelved, closed two months ago' }),
    retentionRecord('R-open-message', 'internal-message', undefined, { title: 'open since 2020', createdAt: '2020-01-01T00:00:00.000Z' }),
  ];
}

const EXPIRED = ['R-expired-message', 'R-expired-minutes'];

/** Files under `dir` (every space and shelf folder of a store) whose bytes contain `text`. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const needle = Buffer.from(text, 'utf8');
  const found: string[] = [];
  for (const space of await readdir(dir)) {
    for (const name of await readdir(join(dir, space)).catch(() => [] as string[])) {
      // A compaction may rename a file between readdir and readFile: what is gone holds nothing.
      const bytes = await readFile(join(dir, space, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'EISDIR') return Buffer.alloc(0);
        throw error;
      });
      if (bytes.includes(needle)) found.push(`${space}/${name}`);
    }
  }
  return found;
}

async function diskIsClean(dir: string): Promise<boolean> {
  return (await filesHolding(dir, SECRET_TITLE)).length === 0 && (await filesHolding(dir, SECRET_BODY)).length === 0;
}

const ids = (list: readonly LiaisonRecord[]): string[] => list.map((record) => record.id).sort();

/** Every record of a replica's space: the active document and every shelf of its catalog. */
async function everything(replica: Replica): Promise<LiaisonRecord[]> {
  const all = [...replica.records()];
  for (const info of replica.shelves(SPACE)) {
    const shelf = await replica.openShelf(info.name);
    await shelf.whenSynced();
    all.push(...shelf.records());
    await shelf.close();
  }
  return all;
}

async function shelfIds(replica: Replica, name: string): Promise<string[]> {
  const shelf = await replica.openShelf(name);
  try {
    await shelf.whenSynced();
    return ids(shelf.records());
  } finally {
    await shelf.close();
  }
}

describe('retention purge of records on archive shelves', function () {
  this.timeout(90_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('A purges shelved records; B loses them too (its copy of the shelf included); both keep the rest and log it; no disk keeps the text', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, clock: () => NOW });
    const roots = { a: await tempDir(cleanup), b: await tempDir(cleanup) };
    const open = async (root: string): Promise<Replica> => {
      const replica = await Replica.open({ storeRoot: root, spaces: [SPACE], server: { url } });
      cleanup.add(() => replica.close());
      return replica;
    };
    const a = await open(roots.a);
    const b = await open(roots.b);
    for (const record of records()) await a.add(record);
    await waitFor('B has every record', () => b.records().length === 5, 20_000);

    // Every archived record goes to the shelf of its month; only the open one stays active.
    assert.equal((await a.shelve({ afterDays: 0, now: NOW })).shelved, 4);
    assert.deepEqual(
      a.shelves(SPACE).map((info) => `${info.name}:${info.count}`),
      [`${APRIL_2027}:1`, `${MAY_2024}:3`],
    );
    await waitFor(
      "B's active document follows the move",
      () => ids(b.records()).join() === 'R-open-message' && b.shelves(SPACE).length === 2,
      20_000,
    );
    // B reads May 2024 once, so its store holds that shelf on disk (with the text to be purged).
    assert.deepEqual(await shelfIds(b, MAY_2024), ['R-expired-message', 'R-expired-minutes', 'R-external']);
    assert.equal(await diskIsClean(join(roots.b, 'spaces')), false);

    // The plan sees the shelved records; the purge finds them on their shelf through the catalog.
    const plan = planPurge(await everything(a), DEFAULT_RETENTION, NOW);
    assert.deepEqual(
      plan.expired.map((candidate) => `${candidate.space}:${candidate.id}`).sort(),
      EXPIRED.map((id) => `${SPACE}:${id}`),
    );
    assert.equal(plan.kept, 3);
    const policy = DEFAULT_RETENTION.rules
      .filter((rule) => plan.expired.some((candidate) => candidate.rule === rule.id))
      .map((rule) => describeRule(rule, 'en'))
      .join('; ');
    const logged = await a.purge(
      SPACE,
      plan.expired.map((candidate) => candidate.id),
      { at: NOW.toISOString(), by: '王芳', policy },
    );
    assert.deepEqual(logged?.ids.sort(), EXPIRED);

    // A: gone from the shelf, the rest kept, the catalog counts what is left, the log is the space's.
    const expectedLog = [
      { at: NOW.toISOString(), by: '王芳', policy, ids: EXPIRED, kinds: ['internal-message', 'meeting-minutes'], shelf: MAY_2024 },
    ];
    const sortedLog = (replica: Replica): unknown =>
      replica.purgeLog(SPACE).map((entry) => ({ ...entry, ids: [...entry.ids].sort(), kinds: [...entry.kinds].sort() }));
    assert.deepEqual(sortedLog(a), expectedLog);
    assert.deepEqual(await shelfIds(a, MAY_2024), ['R-external']);
    assert.deepEqual(await shelfIds(a, APRIL_2027), ['R-live-message']);
    assert.deepEqual(ids(a.records()), ['R-open-message']);
    assert.deepEqual(
      a.shelves(SPACE).map((info) => `${info.name}:${info.count}`),
      [`${APRIL_2027}:1`, `${MAY_2024}:1`],
    );
    assert.equal(await a.findRecord(SPACE, 'R-expired-message'), undefined);
    assert.deepEqual(await filesHolding(join(roots.a, 'spaces'), SECRET_TITLE), []);
    assert.deepEqual(await filesHolding(join(roots.a, 'spaces'), SECRET_BODY), []);

    // B: the log arrives with the active document; the shelf B keeps on disk is cleaned without
    // anyone opening it on B; the server's copies are clean too.
    await waitFor('B sees the purge in the log of the space', () => b.purgeLog(SPACE).length === 1, 20_000);
    assert.deepEqual(sortedLog(b), expectedLog);
    assert.equal(JSON.stringify(b.purgeLog(SPACE)).includes(SECRET_TITLE), false, 'the log keeps ids and kinds, not titles');
    await waitFor("B's store forgets the purged text (active document and shelf)", () => diskIsClean(join(roots.b, 'spaces')), 30_000);
    await waitFor("the server's store forgets the purged text", () => diskIsClean(join(dataDir, 'spaces')), 30_000);
    assert.deepEqual(await shelfIds(b, MAY_2024), ['R-external']);
    assert.deepEqual(await shelfIds(b, APRIL_2027), ['R-live-message']);
    assert.equal((await b.findRecord(SPACE, 'R-external'))?.title, 'shelved client record kept forever');
    assert.deepEqual(ids(b.records()), ['R-open-message']);

    // A moving pass afterwards puts nothing back.
    await b.shelve({ afterDays: 0, now: NOW });
    assert.equal(await b.findRecord(SPACE, 'R-expired-minutes'), undefined);
    assert.deepEqual(await shelfIds(b, MAY_2024), ['R-external']);
  });

  it('a replica offline while A shelved and purged takes the purge as such on reconnect: its rescue of removed records puts none back', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir, clock: () => NOW });
    const roots = { a: await tempDir(cleanup), b: await tempDir(cleanup) };
    const open = async (root: string): Promise<Replica> => {
      const replica = await Replica.open({ storeRoot: root, spaces: [SPACE], server: { url } });
      cleanup.add(() => replica.close());
      return replica;
    };
    const a = await open(roots.a);
    let b = await open(roots.b);
    for (const record of records()) await a.add(record);
    await waitFor('B has every record', () => b.records().length === 5, 20_000);
    await b.close();

    // While B is away, A moves the records to their shelves and purges the expired ones there,
    // naming the shelf that holds them (as the editor does).
    assert.equal((await a.shelve({ afterDays: 0, now: NOW })).shelved, 4);
    const logged = await a.purge(SPACE, EXPIRED, { at: NOW.toISOString(), by: '王芳', policy: 'test' }, { shelves: [MAY_2024] });
    assert.deepEqual(logged?.ids.sort(), EXPIRED);

    // B still holds them in its active document. On reconnect they are removed by a peer: B's
    // watcher must see a purge, not a move that would lose events, and put nothing back.
    b = await open(roots.b);
    await waitFor(
      'B takes the move and the purge',
      () => ids(b.records()).join() === 'R-open-message' && b.purgeLog(SPACE).length === 1,
      20_000,
    );
    await b.shelve({ afterDays: 0, now: NOW }); // settles any rescue the removal queued
    assert.deepEqual(ids(b.records()), ['R-open-message']);
    for (const id of EXPIRED) assert.equal(await b.findRecord(SPACE, id), undefined, id);
    assert.deepEqual(await shelfIds(b, MAY_2024), ['R-external']);
    await waitFor("B's store forgets the purged text", () => diskIsClean(join(roots.b, 'spaces')), 30_000);
    await waitFor("the server's store forgets the purged text", () => diskIsClean(join(dataDir, 'spaces')), 30_000);
    assert.deepEqual(await shelfIds(a, MAY_2024), ['R-external']);
  });

  it('purge by shelf name touches only that shelf; a name of another space is refused', async () => {
    const root = await tempDir(cleanup);
    const replica = await Replica.open({ storeRoot: root, spaces: [SPACE] });
    cleanup.add(() => replica.close());
    for (const record of records()) await replica.add(record);
    await replica.shelve({ afterDays: 0, now: NOW });
    const meta = { at: NOW.toISOString(), by: '王芳', policy: '' };
    assert.equal(await replica.purge(APRIL_2027, EXPIRED, meta), undefined, 'not on that shelf: nothing purged, nothing logged');
    assert.deepEqual(replica.purgeLog(SPACE), []);
    assert.deepEqual((await replica.purge(MAY_2024, ['R-expired-message'], meta))?.ids, ['R-expired-message']);
    assert.deepEqual(await shelfIds(replica, MAY_2024), ['R-expired-minutes', 'R-external']);
    assert.deepEqual(
      replica.purgeLog(SPACE).map((entry) => entry.shelf),
      [MAY_2024],
    );
    await assert.rejects(
      replica.purge(SPACE, EXPIRED, meta, { shelves: ['other.archive.2024-05'] }),
      /"other\.archive\.2024-05" is not an archive shelf of space "internal"/,
    );
    await assert.rejects(replica.purge('other.archive.2024-05', EXPIRED, meta), /space "other" is not open here/);
  });
});
