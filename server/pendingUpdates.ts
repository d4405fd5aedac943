// What a room's document holds that it could not apply yet: Yjs keeps an update whose
// dependencies are missing (`store.pendingStructs`, `store.pendingDs`) and retries it with every
// later update, and the state stream hands it on to every client. A member could park 40 updates
// of 400 KB there; room.ts bounds it (`--max-pending-bytes`) and drops it with its sender.
import type * as Y from 'yjs';

/** Bytes the document holds pending. */
export function pendingBytes(doc: Y.Doc): number {
  const { store } = doc;
  return (store.pendingStructs?.update.length ?? 0) + (store.pendingDs?.length ?? 0);
}

/**
 * Forgets what the document holds pending; true if there was something. Never written to disk
 * nor relayed (Yjs emits only what it integrated), so nothing is lost that a sender would not
 * send again on reconnecting.
 */
export function dropPending(doc: Y.Doc): boolean {
  const { store } = doc;
  if (store.pendingStructs === null && store.pendingDs === null) return false;
  store.pendingStructs = null;
  store.pendingDs = null;
  return true;
}
