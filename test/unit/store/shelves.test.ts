import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { validateSpaceName } from '../../../src/store/localStore';
import {
  MAX_CONFIGURED_SPACE_NAME_LENGTH,
  monthOf,
  parseReturnKey,
  parseShelfName,
  readCatalog,
  returnKey,
  shelfCatalog,
  shelfName,
  validateConfiguredSpaceName,
} from '../../../src/store/shelves';
import { Replica } from '../../../src/sync/replica';

describe('archive shelves: names', () => {
  it('names a shelf <space>.archive.YYYY-MM and reads the name back', () => {
    assert.equal(shelfName('internal', '2026-03'), 'internal.archive.2026-03');
    assert.deepEqual(parseShelfName('internal.archive.2026-03'), { space: 'internal', month: '2026-03' });
    assert.deepEqual(parseShelfName('客户.需求.archive.2025-12'), { space: '客户.需求', month: '2025-12' });
    for (const name of [
      'internal',
      'internal.archive',
      'internal.archive.2026-13',
      'internal.archive.2026-3',
      '.archive.2026-03',
      'internal.archive.2026-03x',
    ]) {
      assert.equal(parseShelfName(name), undefined, name);
    }
    assert.throws(() => shelfName('internal', '2026-3'), /month "2026-3" must be written YYYY-MM/);
    // A shelf of the longest configurable space is still a valid space name (so it has a folder).
    const longest = 'a'.repeat(MAX_CONFIGURED_SPACE_NAME_LENGTH);
    assert.equal(validateSpaceName(shelfName(longest, '2026-01')), undefined);
  });

  it('counts months in China Standard Time (UTC+8)', () => {
    assert.equal(monthOf('2026-01-31T15:59:59.999Z'), '2026-01');
    assert.equal(monthOf('2026-01-31T16:00:00.000Z'), '2026-02');
    assert.equal(monthOf('2025-12-31T16:00:00Z'), '2026-01');
    assert.equal(monthOf('not a date'), undefined);
  });

  it('refuses a configured space named like a shelf, or too long for its shelves, naming the rule', () => {
    assert.equal(validateConfiguredSpaceName('internal'), undefined);
    assert.equal(validateConfiguredSpaceName('internal.archive'), undefined);
    assert.match(
      validateConfiguredSpaceName('internal.archive.2026-03') ?? '',
      /must not end in "\.archive\.YYYY-MM".*reserved for the monthly archive shelves/,
    );
    assert.match(validateConfiguredSpaceName('x.archive.2026-99') ?? '', /reserved for the monthly archive shelves/);
    assert.match(
      validateConfiguredSpaceName('a'.repeat(MAX_CONFIGURED_SPACE_NAME_LENGTH + 1)) ?? '',
      new RegExp(`at most ${MAX_CONFIGURED_SPACE_NAME_LENGTH} characters.*archive shelves`),
    );
    assert.match(validateConfiguredSpaceName('a/b') ?? '', /path separators/);
  });

  it('Replica.open refuses a shelf name among the configured spaces before opening anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'liaison-shelves-'));
    try {
      await assert.rejects(
        Replica.open({ storeRoot: root, spaces: ['internal', 'internal.archive.2026-03'] }),
        /space "internal\.archive\.2026-03": .*archive shelves/,
      );
      assert.equal(existsSync(join(root, 'spaces', 'internal')), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads the catalog newest first and skips entries of the wrong shape', () => {
    const doc = new Y.Doc();
    const catalog = shelfCatalog(doc);
    catalog.set('2026-01', 3);
    catalog.set('2026-03', { count: 5 });
    catalog.set('2025-12', 'many');
    catalog.set('nonsense', 1);
    catalog.set('2026-02', -1);
    assert.deepEqual(readCatalog(doc), [
      { month: '2026-03', count: 5 },
      { month: '2026-01', count: 3 },
    ]);
    assert.deepEqual(parseReturnKey(returnKey('2026-03', 'R-1:x')), { month: '2026-03', id: 'R-1:x' });
    assert.equal(parseReturnKey('2026-3:R'), undefined);
  });
});
