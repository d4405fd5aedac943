// The scope of an opened replica: what features register is released when the replica closes,
// the last registered first, and closing waits for all of it; what arrives after is released at
// once; one failure neither stops the others nor escapes.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Replica } from '../../../src/sync/replica';
import type { Logger } from '../../../src/util/logger';
import { ReplicaScope } from '../../../src/vscode/shared/replicaScope';

describe('replica scope', () => {
  let dir: string;
  let replica: Replica;
  const errors: string[] = [];
  const logger: Logger = { info: () => undefined, warn: () => undefined, error: (message) => errors.push(message) };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'liaison-scope-'));
    replica = await Replica.open({ storeRoot: dir, spaces: ['internal'] });
    errors.length = 0;
  });

  afterEach(async () => {
    await replica.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('releases the last registered first and resolves only once every disposer has settled', async () => {
    const scope = new ReplicaScope(replica, logger);
    const order: string[] = [];
    let finishSlow = (): void => undefined;
    const slow = new Promise<void>((resolve) => (finishSlow = resolve));
    scope.add(() => order.push('first'));
    scope.add(async () => {
      order.push('slow started');
      await slow;
      order.push('slow done');
    });
    scope.add(() => order.push('last'));
    assert.equal(scope.isOpen, true);
    let closed = false;
    const closing = scope.close().then(() => (closed = true));
    assert.equal(scope.isOpen, false, 'closing has begun');
    assert.deepEqual(order, ['last', 'slow started', 'first']);
    // While a disposer is pending, the replica it belongs to is still there to write to.
    await replica.add({
      id: 'R-scope-1',
      kind: 'internal-message',
      space: 'internal',
      title: 'written while the scope closes',
      body: '',
      createdBy: '王芳',
      createdAt: '2026-05-18T01:00:00.000Z',
      fields: {},
      events: [],
    });
    assert.equal(closed, false, 'close waits for the slow disposer');
    finishSlow();
    await closing;
    assert.deepEqual(order, ['last', 'slow started', 'first', 'slow done']);
    assert.equal(scope.close(), scope.close(), 'closing twice is one closing');
  });

  it('runs a disposer added after closing began at once, and takes one back on request', async () => {
    const scope = new ReplicaScope(replica, logger);
    let taken = 0;
    const takeBack = scope.add(() => taken++);
    takeBack();
    await scope.close();
    assert.equal(taken, 0, 'a disposer taken back does not run');
    let late = 0;
    scope.add(() => late++);
    assert.equal(late, 1, 'too late to hold anything: released at once');
  });

  it('logs a failing disposer and still runs the others', async () => {
    const scope = new ReplicaScope(replica, logger);
    let ran = false;
    scope.add(() => (ran = true));
    scope.add(async () => {
      throw new Error('the index would not commit');
    });
    await scope.close();
    assert.equal(ran, true);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /the index would not commit/);
  });
});
