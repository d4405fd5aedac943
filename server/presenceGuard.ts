// Presence tied to its connection (room.ts): the awareness client ids a connection may announce
// are the first ones it used (at most `maxPresenceClients`; a read-only session one, its own), an
// id another live connection of the room holds is never taken over (no forged presence, however
// high its clock), and no state is larger than `maxPresenceBytes`. Entries over a limit are
// dropped before y-protocols applies the rest (freshAwarenessEntries), counted, and logged once
// per connection. The room's whole presence, which every new client and every presence query
// gets, is encoded once per change, not once per query.
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../src/util/logger';
import type { ConnectionLimits } from './limits';
import type { ServerMetrics } from './metrics';
import { awarenessMessage } from './presence';
import type { RoomConnection } from './roomConnection';

export class PresenceGuard {
  /** Which connection announced each client id. */
  private readonly owners = new Map<number, RoomConnection>();
  private full: Uint8Array | undefined;
  private readonly onUpdate = (): void => {
    this.full = undefined;
  };

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly limits: Pick<ConnectionLimits, 'maxPresenceBytes' | 'maxPresenceClients'>,
    private readonly room: string,
    private readonly logger: Logger,
    private readonly metrics?: ServerMetrics,
  ) {
    awareness.on('update', this.onUpdate);
  }

  /** Whether `conn` may announce `state` for `client`; an admitted new id becomes the connection's. */
  admit(conn: RoomConnection, client: number, state: Uint8Array): boolean {
    const owner = this.owners.get(client);
    if (owner !== undefined && owner !== conn)
      return this.refuse(conn, 'foreign_client', `client id ${client} belongs to another connection`);
    if (state.length > this.limits.maxPresenceBytes) {
      return this.refuse(conn, 'too_large', `a presence state of ${state.length} bytes (limit ${this.limits.maxPresenceBytes})`);
    }
    if (owner === undefined) {
      const allowed = conn.readOnly ? 1 : this.limits.maxPresenceClients;
      if (conn.awarenessIds.size >= allowed) return this.refuse(conn, 'too_many_clients', `more than ${allowed} presence client ids`);
      conn.awarenessIds.add(client);
      this.owners.set(client, conn);
    }
    return true;
  }

  /** The connection left: its ids are free again; returns those still present, to remove. */
  release(conn: RoomConnection): number[] {
    for (const id of conn.awarenessIds) if (this.owners.get(id) === conn) this.owners.delete(id);
    return Array.from(conn.awarenessIds).filter((id) => this.awareness.states.has(id));
  }

  /** The awareness message with every present client, or undefined when nobody is present. */
  fullMessage(): Uint8Array | undefined {
    if (this.full === undefined) {
      const clients = Array.from(this.awareness.getStates().keys());
      if (clients.length === 0) return undefined;
      this.full = awarenessMessage(this.awareness, clients);
    }
    return this.full;
  }

  stop(): void {
    this.awareness.off('update', this.onUpdate);
    this.full = undefined;
  }

  private refuse(conn: RoomConnection, reason: string, detail: string): false {
    this.metrics?.presenceRefused.inc(1, reason);
    if (!conn.presenceWarned) {
      conn.presenceWarned = true;
      this.logger.warn(`space "${this.room}": presence of "${conn.user}" not taken: ${detail}`);
    }
    return false;
  }
}
