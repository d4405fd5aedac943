// Issue 13, finding 3, against `liaison serve` as a child process: a read-only member made the
// server create a shelf room (a folder, a log, a webhook ledger) for any month from 0000-01 to
// 9999-12. Now a missing shelf opens only for a writer, only from the space's first record to next month.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import { shiftMonth, storageMonth } from '../../../src/domain/time';
import { shelfName } from '../../../src/store/shelves';
import { Cleanup, rawConnect, stockClient, tempDir, waitFor } from './helpers';
import { writeAccess } from './hostileClients';
import { startCliServer } from './processes';

const zhang = { name: 'zhang', token: 'zhang-token-0123456789' };
const li = { name: 'li', token: 'li-token-0123456789abc' };

describe('liaison serve: archive shelves are created only by writers, only for months with records (issue 13)', function () {
  this.timeout(60_000);
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('refuses a read-only member any missing shelf, and a writer months before the first record or after next month', async () => {
    const dir = await tempDir(cleanup);
    const dataDir = join(dir, 'data');
    const config = await writeAccess(dir, 'internal', [zhang], [li]);
    const { url } = await startCliServer(cleanup, ['--data', dataDir, '--config', config]);
    const thisMonth = storageMonth(new Date()) ?? '';
    const firstMonth = shiftMonth(thisMonth, -2);
    const writer = stockClient(cleanup, url, 'internal', zhang.token);
    await waitFor('writer synced', () => writer.provider.synced);
    const record = new Y.Map<unknown>();
    writer.records.set('R-1', record);
    record.set('createdAt', `${firstMonth}-15T08:00:00.000Z`);
    const open = async (month: string, token: string): Promise<number | 'opened'> => {
      const outcome = await rawConnect(`${url}/${shelfName('internal', month)}?token=${token}`);
      return outcome.opened ? 'opened' : (outcome.status ?? 0);
    };
    await waitFor('the record reached the server', async () => (await open(firstMonth, zhang.token)) === 'opened');

    // Spraying as a reader: nothing is created.
    const sprayed = ['0000-01', '1999-12', shiftMonth(firstMonth, 1), thisMonth, shiftMonth(thisMonth, 1), '9999-12'];
    for (const month of sprayed) assert.equal(await open(month, li.token), 404, `reader, ${month}`);
    // A writer: only from the first record's month to next month.
    assert.equal(await open(shiftMonth(firstMonth, -1), zhang.token), 404);
    assert.equal(await open('9999-12', zhang.token), 404);
    assert.equal(await open(shiftMonth(thisMonth, 2), zhang.token), 404);
    assert.equal(await open(thisMonth, zhang.token), 'opened');
    assert.equal(await open(shiftMonth(thisMonth, 1), zhang.token), 'opened');
    // Once it exists, a reader opens it.
    assert.equal(await open(thisMonth, li.token), 'opened');
    const folders = (await readdir(join(dataDir, 'spaces'))).sort();
    assert.deepEqual(
      folders,
      [
        'internal',
        shelfName('internal', firstMonth),
        shelfName('internal', thisMonth),
        shelfName('internal', shiftMonth(thisMonth, 1)),
      ].sort(),
    );
  });
});
