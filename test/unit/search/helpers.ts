// Shared by the search tests: records made to order, temp folders, polling with a deadline.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';

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

/** Collects what to release after a test, released in reverse order. */
export class Cleanup {
  private readonly steps: (() => unknown)[] = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }
}

export async function tempDir(cleanup: Cleanup, prefix = 'liaison-search-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls `check` every 10 ms until it returns true; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
