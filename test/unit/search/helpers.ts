// Shared by the search tests: records made to order and temp folders. Cleanup, useCleanup and waitFor
// are the ones all unit tests use (test/unit/server/helpers.ts), re-exported so search tests import one place.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';
import type { Cleanup } from '../server/helpers';

export { Cleanup, useCleanup, waitFor } from '../server/helpers';

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
