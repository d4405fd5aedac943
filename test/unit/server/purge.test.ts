// Retention purge across replicas (issue 7): three Replicas with their own store folders against
// the real server. A purges what the policy says has expired; B (online) and C (offline during
// the purge) lose exactly those records and keep the rest, every replica sees the purge log, and
// the purged text is on no disk any more: not A's, not B's, not C's, not the server's.
import { strict as assert } from 'node:assert';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiaisonRecord } from '../../../src/domain/record';
import { DEFAULT_RETENTION, describeRule, planPurge } from '../../../src/domain/retention';
import { Replica } from '../../../src/sync/replica';
import { retentionRecord } from '../domain/retentionFixtures';
import { Cleanup, startServer, tempDir, waitFor } from './helpers';

const SPACE = 'internal';
const NOW = new Date('2027-06-01T00:00:00.000Z');
/** Unique text in the expired records: searched for in the bytes of every store file. */
const SECRET_TITLE = 'zq-expired-title-7f3a91';
const SECRET_BODY = '过期正文-b42c 客户报价明细';

function records(): LiaisonRecord[] {
  return [
    retentionRecord('R-expired-message', 'internal-message', '2024-05-01T00:00:00.000Z', {
      title: `${SECRET_TITLE} message`,
      body: `${SECRET_BODY}\n`,
    }),
    retentionRecord('R-expired-minutes', 'meeting-minutes', '2024-05-01T00:00:00.000Z', { title: `${SECRET_TITLE} minutes` }),
    retentionRecord('R-live-message', 'internal-message', '2027-04-01T00:00:00.000Z', { title: 'closed two months ago' }),
    retentionRecord('R-open-message', 'internal-message', undefined, { title: 'open since 2020', createdAt: '2020-01-01T00:00:00.000Z' }),
    retentionRecord('R-external', 'external-request', '2021-01-01T00:00:00.000Z', { title: 'client record kept forever' }),
  ];
}

const EXPIRED = ['R-expired-message', 'R-expired-minutes'];
const KEPT = ['R-external', 'R-live-message', 'R-open-message'];

/** The names of the files in `dir` whose bytes contain `text`. */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const needle = Buffer.from(text, 'utf8');
  const found: string[] = [];
  for (const name of await readdir(dir)) {
    // A compaction may rename a file between readdir and readFile: what is gone holds nothing.
    const bytes = await readFile(join(dir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    if (bytes.includes(needle)) found.push(name);
  }
  return found;
}

async function diskIsClean(dir: string): Promise<boolean> {
  return (await filesHolding(dir, SECRET_TITLE)).length === 0 && (await filesHolding(dir, SECRET_BODY)).length === 0;
}

const ids = (replica: Replica): string[] =>
  replica
    .records()
    .map((record) => record.id)
    .sort();

describe('retention purge across replicas', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('A purges; B (online) and C (offline, on reconnect) lose exactly the expired records and keep the rest; no disk keeps the purged text', async () => {
    const dataDir = await tempDir(cleanup);
    const { url } = await startServer(cleanup, { dataDir });
    const roots = { a: await tempDir(cleanup), b: await tempDir(cleanup), c: await tempDir(cleanup) };
    const open = async (root: string, online = true): Promise<Replica> => {
      const replica = await Replica.open({ storeRoot: root, spaces: [SPACE], server: online ? { url } : undefined });
      cleanup.add(() => replica.close());
      return replica;
    };
    const a = await open(roots.a);
    const b = await open(roots.b);
    let c = await open(roots.c);
    for (const record of records()) await a.add(record);
    const all = [...EXPIRED, ...KEPT].sort();
    await waitFor('B and C have every record', () => ids(b).length === 5 && ids(c).length === 5, 20_000);
    assert.deepEqual(ids(c), all);
    await c.close();

    // The preview decides, on the records as any replica sees them.
    const plan = planPurge(a.records(), DEFAULT_RETENTION, NOW);
    assert.deepEqual(plan.expired.map((candidate) => candidate.id).sort(), EXPIRED);
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
    assert.deepEqual(
      a.purgeLog(SPACE).map((logEntry) => logEntry.by),
      ['王芳'],
    );

    // A: gone from memory at once, and from every file of its store once purge() resolved.
    assert.deepEqual(ids(a), KEPT);
    const dirOf = (root: string): string => join(root, 'spaces', SPACE);
    assert.deepEqual(await filesHolding(dirOf(roots.a), SECRET_TITLE), []);
    assert.deepEqual(await filesHolding(dirOf(roots.a), SECRET_BODY), []);
    assert.ok(
      (await readFile(join(dirOf(roots.a), 'snapshot.bin'))).includes(Buffer.from('client record kept forever')),
      'the kept records are still stored',
    );

    // B: the deletion arrives through sync; B keeps the rest and sees the log entry.
    await waitFor('B loses the expired records', () => ids(b).join() === KEPT.join(), 20_000);
    const entry = b.purgeLog(SPACE);
    assert.equal(entry.length, 1);
    assert.deepEqual(
      { ...entry[0], ids: [...entry[0].ids].sort(), kinds: [...entry[0].kinds].sort() },
      {
        at: NOW.toISOString(),
        by: '王芳',
        policy,
        ids: EXPIRED,
        kinds: ['internal-message', 'meeting-minutes'],
      },
    );
    assert.equal(JSON.stringify(entry).includes(SECRET_TITLE), false, 'the log keeps ids and kinds, not titles');
    await waitFor("B's store forgets the purged text", () => diskIsClean(dirOf(roots.b)), 20_000);
    await waitFor("the server's store forgets the purged text", () => diskIsClean(join(dataDir, 'spaces', SPACE)), 20_000);

    // C was offline: its disk still holds the records, until it syncs.
    c = await open(roots.c, false);
    assert.deepEqual(ids(c), all, 'offline, C still holds every record');
    assert.equal(await diskIsClean(dirOf(roots.c)), false);
    await c.close();
    c = await open(roots.c);
    await waitFor('C loses the expired records on reconnect', () => ids(c).join() === KEPT.join(), 20_000);
    assert.deepEqual(
      c.purgeLog(SPACE).map((logEntry) => logEntry.ids.length),
      [2],
    );
    await waitFor("C's store forgets the purged text", () => diskIsClean(dirOf(roots.c)), 20_000);
    assert.deepEqual(c.records().find((record) => record.id === 'R-live-message')?.title, 'closed two months ago');
  });

  it('a purge of ids that are not there changes nothing and logs nothing', async () => {
    const root = await tempDir(cleanup);
    const replica = await Replica.open({ storeRoot: root, spaces: [SPACE] });
    cleanup.add(() => replica.close());
    await replica.add(records()[2]);
    assert.equal(await replica.purge(SPACE, ['R-nowhere'], { at: NOW.toISOString(), by: '王芳', policy: '' }), undefined);
    assert.deepEqual(ids(replica), ['R-live-message']);
    assert.deepEqual(replica.purgeLog(SPACE), []);
  });
});
