import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalStore, validateSpaceName } from '../../../src/store/localStore';
import { addRecord, eachTempDir, recordIds } from './helpers';

describe('validateSpaceName', () => {
  it('accepts names of letters in any script, digits, -, _ and .', () => {
    for (const name of ['internal', 'client-acme', 'dept_2024.q1', '客户-甲方', 'Équipe', 'x', 'a'.repeat(64)]) {
      assert.equal(validateSpaceName(name), undefined, name);
    }
  });

  it('names the rule a bad name breaks', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['a'.repeat(65), /at most 64/],
      ['a/b', /path separators/],
      ['a\\b', /path separators/],
      ['..', /start with '\.'/],
      ['.hidden', /start with '\.'/],
      ['trailing.', /end with '\.'/],
      ['with space', /only letters, digits/],
      ['a:b', /only letters, digits/],
      ['e\u0301quipe', /NFC/],
      ['CON', /reserves/],
    ];
    for (const [name, rule] of cases) {
      const message = validateSpaceName(name);
      assert.ok(message, `${JSON.stringify(name)} should be refused`);
      assert.match(message, rule, JSON.stringify(name));
    }
  });

  it('counts characters, not UTF-16 units', () => {
    assert.equal(validateSpaceName('𠀀'.repeat(64)), undefined);
    assert.ok(validateSpaceName('𠀀'.repeat(65)));
  });
});

describe('LocalStore', () => {
  let root: string;
  eachTempDir((made) => (root = made));

  it('opens each space once, sharing concurrent opens, in <root>/spaces/<name>', async () => {
    const store = new LocalStore(root, { fsync: 'never' });
    const [a, b] = await Promise.all([store.openSpace('internal'), store.openSpace('internal')]);
    assert.equal(a, b);
    assert.equal(await store.openSpace('internal'), a);
    const other = await store.openSpace('客户-甲方');
    assert.notEqual(other, a);
    assert.equal(a.dir, path.join(root, 'spaces', 'internal'));
    assert.ok(fs.existsSync(path.join(root, 'spaces', '客户-甲方', 'log.bin')));
    await store.close();
  });

  it('lists the spaces on disk, ignoring stray files and invalid folder names', async () => {
    const store = new LocalStore(root);
    assert.deepEqual(await store.spaceNames(), []);
    await store.openSpace('beta');
    await store.openSpace('alpha');
    fs.mkdirSync(path.join(root, 'spaces', '.trash'));
    fs.writeFileSync(path.join(root, 'spaces', 'notes.txt'), 'x');
    assert.deepEqual(await store.spaceNames(), ['alpha', 'beta']);
    await store.close();
  });

  it('refuses invalid names with the rule, without creating anything', async () => {
    const store = new LocalStore(root);
    await assert.rejects(store.openSpace('../escape'), /path separators/);
    assert.equal(fs.existsSync(path.join(root, 'escape')), false);
    await store.close();
  });

  it('closes its spaces durably and refuses to open more afterwards', async () => {
    const store = new LocalStore(root);
    const space = await store.openSpace('internal');
    addRecord(space.doc, 'r1', 'Kept');
    await Promise.all([store.close(), store.close()]);
    assert.equal(space.closed, true);
    await assert.rejects(store.openSpace('internal'), /closed/);

    const reopened = new LocalStore(root);
    const again = await reopened.openSpace('internal');
    assert.notEqual(again, space);
    assert.deepEqual(recordIds(again.doc), ['r1']);
    await reopened.close();
  });

  it('reopens a space its user closed directly', async () => {
    const store = new LocalStore(root);
    const space = await store.openSpace('internal');
    await space.close();
    const again = await store.openSpace('internal');
    assert.notEqual(again, space);
    assert.equal(again.closed, false);
    await store.close();
  });
});
