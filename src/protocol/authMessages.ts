// The y-websocket "auth" message (type 2) as the Liaison server uses it, after the upgrade:
//  - subtype 0, y-protocols' permission denied + a reason: the server refused one update (a
//    protected part of the space touched by a non-admin, server/protectedParts.ts) and kept the
//    connection; a stock client logs the reason, ours reports it (src/sync/syncClient.ts);
//  - subtype 1, Liaison's session role: what this connection may do (JSON { user, readOnly, admin }),
//    sent after the handshake and again when the access config changes it; stock clients ignore
//    unknown subtypes (y-protocols/auth reads subtype 0 only).
// A refusal's reason starts with a stable code (`protected:<part>`), so the editor can say it in
// the user's language; the rest is English for logs and stock clients.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MESSAGE_AUTH } from './syncMessages';

export const AUTH_PERMISSION_DENIED = 0;
export const AUTH_SESSION_ROLE = 1;

export interface SessionRole {
  readonly user: string;
  readonly readOnly: boolean;
  readonly admin: boolean;
}

/** A refused update: `part` is the protected part it touched. */
export interface Refusal {
  readonly part: string;
  readonly reason: string;
}

export type AuthMessage = { kind: 'denied'; refusal: Refusal } | { kind: 'role'; role: SessionRole };

const refusalCode = /^protected:([A-Za-z0-9_]+)(?:\s|$)/;

export function permissionDeniedMessage(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, AUTH_PERMISSION_DENIED);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** The reason text of a refusal of `part`: the code first, then a sentence for logs and stock clients. */
export function refusalReason(part: string): string {
  return `protected:${part} only an admin of this space may change "${part}"; the change was not applied`;
}

export function sessionRoleMessage(role: SessionRole): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, AUTH_SESSION_ROLE);
  encoding.writeVarString(encoder, JSON.stringify({ user: role.user, readOnly: role.readOnly, admin: role.admin }));
  return encoding.toUint8Array(encoder);
}

/** Reads an auth message after its type; undefined for a subtype or body this version does not know. */
export function readAuthMessage(decoder: decoding.Decoder): AuthMessage | undefined {
  const subtype = decoding.readVarUint(decoder);
  if (subtype === AUTH_PERMISSION_DENIED) {
    const reason = decoding.readVarString(decoder);
    return { kind: 'denied', refusal: { part: refusalCode.exec(reason)?.[1] ?? '', reason } };
  }
  if (subtype !== AUTH_SESSION_ROLE) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(decoding.readVarString(decoder));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { user, readOnly, admin } = raw as Record<string, unknown>;
  if (typeof user !== 'string' || typeof readOnly !== 'boolean' || typeof admin !== 'boolean') return undefined;
  return { kind: 'role', role: { user, readOnly, admin } };
}
