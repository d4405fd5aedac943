// What the server says on the wire besides the y-websocket messages (src/protocol/): close codes,
// and how a frame from ws becomes bytes the decoders can trust.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';

/** Close codes (RFC 6455 for 1xxx; 44xx mirror HTTP 4xx, which stock clients take as "do not retry"). */
export const closeCodes = {
  invalidData: 1007,
  policy: 1008,
  tooLarge: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
  goingAway: 1001,
  unauthorized: 4401,
  forbidden: 4403,
} as const;

/**
 * Copies the frame into its own exactly-sized buffer: ws may hand out a view into a larger
 * buffer, and lib0's decoder would then read a lying length prefix from the next frame's bytes
 * instead of failing.
 */
export function toUint8Array(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}

/** The token of an `Authorization: Bearer …` header, if any. */
export function bearerToken(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** A plain HTTP error instead of the upgrade; the socket is closed once the answer is written. */
export function rejectUpgrade(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const text = `${body}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
