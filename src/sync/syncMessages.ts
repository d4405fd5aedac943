// The y-websocket wire format's sync message, shared by the server's rooms and our client, so
// both frame a sync step or an update the one way stock clients read it.
import * as encoding from 'lib0/encoding';

/** The message type of a sync message (y-websocket: 0 sync, 1 awareness). */
export const MESSAGE_SYNC = 0;

/** A sync message: `syncType` is y-protocols' step 1, step 2 or update. */
export function syncMessage(syncType: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
