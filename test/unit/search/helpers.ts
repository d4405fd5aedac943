// Shared by the search tests: records made to order and temp folders. Cleanup and waitFor are the
// one pair all unit tests use (test/unit/server/helpers.ts), re-exported so search tests import one place.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import { Cleanup } from '../server/helpers';

export { Cleanup, waitFor } from '../server/helpers';

/** A Cleanup for the tests of the enclosing describe, run after each of them. */
export function useCleanup(): Cleanup {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  return cleanup;
}

export function record(
  partial: Partial<LiaisonRecord> & { id: string; title: string },
  status: RecordEvent['type'][] = ['sent'],
): LiaisonRecord {
  const createdAt = partial.createdAt ?? '2024-05-20T02:00:00.000Z';
  return {
    kind: 'internal-message',
    space: 'internal',
    body: '',
    fields: { sender: '王芳', recipients: ['李明'] },
    createdBy: '王芳',
    createdAt,
    events: status.map((type, index) => ({
      id: `${partial.id}-e${index}`,
      type,
      actor: index === 0 ? '王芳' : '李明',
      actorDepartment: index === 0 ? '产品部' : '研发部',
      at: createdAt,
    })),
    ...partial,
  } as LiaisonRecord;
}

export async function tempDir(cleanup: Cleanup, prefix = 'liaison-search-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
