// Records for the retention tests: open, or closed (archived) at a given instant.
import type { LiaisonRecord } from '../../../src/domain/record';

/** A sent record of `kind`; archived at `archivedAt` when given, else still open. */
export function retentionRecord(id: string, kind: string, archivedAt?: string, overrides: Partial<LiaisonRecord> = {}): LiaisonRecord {
  const createdAt = '2020-01-06T01:00:00.000Z';
  const events: LiaisonRecord['events'] = [{ id: `${id}-sent`, type: 'sent', actor: '王芳', actorDepartment: '产品部', at: createdAt }];
  if (archivedAt !== undefined) {
    // A request closes after a decline, a notice after its confirmation; the fold ignores the
    // one that does not apply to the kind's flow, so one list closes every kind.
    const li = { actor: '李明', actorDepartment: '研发部' };
    events.push(
      { id: `${id}-declined`, type: 'declined', ...li, at: '2020-01-06T02:00:00.000Z', reason: '排不开', alternative: '下月再议' },
      { id: `${id}-confirmed`, type: 'confirmed', ...li, at: '2020-01-06T03:00:00.000Z' },
      { id: `${id}-archived`, type: 'archived', actor: '王芳', actorDepartment: '产品部', at: archivedAt },
    );
  }
  return {
    id,
    kind,
    space: 'internal',
    title: `Record ${id}`,
    fields: { sender: '王芳', recipients: ['李明'], audience: ['李明'], priority: 'medium' },
    body: `Body of ${id}\n`,
    createdBy: '王芳',
    createdAt,
    events,
    ...overrides,
  };
}
