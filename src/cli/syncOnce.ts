// One space of a local store brought into the same state as a server, once: what `liaison sync`
// does, and what `liaison send` does after writing its record. Resolves once (a) everything the
// server had is in the local store, durably, and (b) a fresh handshake shows the server holds
// every struct and deletion of the local store; rejects with one sentence (a hint for a refused
// token or space included) when access is refused, the server cannot be reached, or time runs out.
// A change the server refused (a protected part — the directory, the team policy, the purge log —
// changed by someone who is not an admin of the space) is returned: the local store keeps it, the
// server and every other member never see it, and the caller says so.
import type { Refusal } from '../protocol/authMessages';
import type { PersistedSpace } from '../store/persistedSpace';
import { SpaceSync } from '../sync/syncClient';
import type { Logger } from '../util/logger';

export interface SyncOnceOptions {
  space: PersistedSpace;
  spaceName: string;
  server: string;
  token?: string;
  timeoutMs: number;
  logger: Logger;
}

/** Why a sync failed, with what to check. */
export function syncFailure(error: unknown, spaceName: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /unauthorized/.test(message)
    ? ' (the server does not know this token: check --token)'
    : /forbidden/.test(message)
      ? ` (this token may not open space "${spaceName}")`
      : '';
  return `${message}${hint}`;
}

/** Resolves with the changes the server refused (none, normally). */
export async function syncOnce(options: SyncOnceOptions): Promise<Refusal[]> {
  const { space, spaceName, server, token, logger } = options;
  const deadline = Date.now() + options.timeoutMs;
  const remaining = (): number => Math.max(1, deadline - Date.now());
  const sync = new SpaceSync({ doc: space.doc, serverUrl: server, space: spaceName, token, logger, maxBackoffMs: 1000 });
  let releaseStatus = (): void => undefined;
  const refused: Refusal[] = [];
  const releaseRefusals = sync.onRefused((refusal) => refused.push(refusal));
  try {
    // A script wants an answer, not a retry loop: the first failure to connect ends the run.
    const unreachable = new Promise<never>((_resolve, reject) => {
      releaseStatus = sync.onStatus((state) => {
        if (state.lastError === 'unreachable') reject(new Error(`cannot reach ${server}`));
      });
    });
    unreachable.catch(() => undefined);
    await Promise.race([sync.whenSynced(remaining()), unreachable]);
    await space.flush();
    for (;;) {
      const confirmed = await Promise.race([sync.confirmServerHasAll(remaining()), unreachable]);
      await space.flush();
      if (confirmed) return refused;
      if (Date.now() >= deadline) {
        throw new Error(`the server did not confirm it holds the local state within ${options.timeoutMs / 1000} s`);
      }
    }
  } finally {
    releaseRefusals();
    releaseStatus();
    sync.destroy();
  }
}
