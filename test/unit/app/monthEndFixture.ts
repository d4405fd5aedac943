// A client request closed in the last half hour of 31 May on New York time: 23:30 there is 03:30
// UTC and 11:30 in China on 1 June, so its shelf (a storage month, UTC+8) is June's while the team
// reads it as May's. Shared by the unit test of the store reader and the extension-host test.
import { newEventId } from '../../../src/domain/ids';
import type { LiaisonRecord, RecordEvent } from '../../../src/domain/record';

export const NEW_YORK = 'America/New_York';

function event(type: RecordEvent['type'], actor: string, at: string, extra: Partial<RecordEvent> = {}): RecordEvent {
  return { id: newEventId(), type, actor, at, ...extra };
}

/** Sent at 16:00 on 31 May in New York by `author`, answered, delivered and closed at 23:30 with a rating of `score`. */
export function monthEndRequest(
  id: string,
  options: { space: string; title: string; author: string; owner: string; score: number },
): LiaisonRecord {
  const { space, title, author, owner, score } = options;
  return {
    id,
    kind: 'external-request',
    space,
    title,
    fields: { sender: author, counterpartType: 'client', owner, priority: 'urgent', audience: [owner] },
    body: '',
    createdBy: author,
    createdAt: '2026-05-31T20:00:00.000Z',
    events: [
      event('sent', author, '2026-05-31T20:00:00.000Z'),
      event('accepted', owner, '2026-05-31T20:10:00.000Z'),
      event('delivered', owner, '2026-06-01T02:00:00.000Z'),
      event('confirmed', author, '2026-06-01T03:00:00.000Z'),
      event('archived', author, '2026-06-01T03:30:00.000Z', { satisfaction: score }),
    ],
  };
}
