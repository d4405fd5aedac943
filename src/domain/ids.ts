import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijkmnpqrstuvwxyz';

function randomSuffix(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/**
 * Record ids read well in a list and never collide across replicas:
 * `R-<yyyymmdd>-<8 random chars>` (34^8 ≈ 1.8e12 per day).
 */
export function newRecordId(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `R-${day}-${randomSuffix(8)}`;
}

export function newEventId(): string {
  return `E-${randomSuffix(12)}`;
}
