// The y-websocket wire format shared by the server's rooms and our client: the message types and
// the sync message, so both frame a sync step or an update the one way stock clients read it.
import * as encoding from 'lib0/encoding';

/** The message type of a sync message (y-websocket: 0 sync, 1 awareness, 2 auth, 3 query awareness). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** A sync message: `syncType` is y-protocols' step 1, step 2 or update. */
export function syncMessage(syncType: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
