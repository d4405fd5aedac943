// The notification outbox's ledger: every delivery, from before its first attempt until well
// after its last, behind one interface (`NotificationLedger`) so a cluster can keep it in
// PostgreSQL with leases (`FOR UPDATE SKIP LOCKED`, issue 18); the embedded server keeps it in a
// file (fileOutbox.ts).
//
// States: pending (waiting for `nextAt`: quiet hours, the digest, a retry) → sending (claimed by
// one owner until `nextAt`, its lease) → sent | failed (permanent, or given up) | bundled (carried
// by a digest, `into`). An entry whose id is known is never added again, whatever its state.
//
// The one window where the outcome of a send is unknown is between the channel's answer and the
// ledger's durable record of it (a crash, a lost lease). Such an entry is found `sending` with its
// lease over (a restart of the file ledger ends every lease) and is claimed again: it is sent once
// more, with the same id, which the channels that can deduplicate use (e-mail: Message-ID; Feishu:
// `uuid`; a personal webhook: X-Liaison-Delivery). So: at most once after an acknowledged send,
// and at least once (DingTalk work notifications have no idempotency key: a crash inside that
// window of milliseconds can repeat one).
import type { Delivery } from './notice';

export type EntryState = 'pending' | 'sending' | 'sent' | 'failed' | 'bundled';
export const ENTRY_STATES: readonly EntryState[] = ['pending', 'sending', 'sent', 'failed', 'bundled'];

export interface OutboxEntry {
  readonly delivery: Delivery;
  readonly state: EntryState;
  /** Attempts made so far. */
  readonly attempts: number;
  /** Epoch ms. pending: when due; sending: the lease's end; sent / failed / bundled: when that happened. */
  readonly nextAt: number;
  /** May be bundled with other entries claimed at once for the same address (it waited for quiet hours or the digest). */
  readonly bundle: boolean;
  /** Epoch ms of the (oldest) event announced; entries are forgotten some days after it. */
  readonly eventAt: number;
  /** sending: who holds the lease. */
  readonly owner?: string;
  /** The last failure (a retry's reason, or why it failed for good). */
  readonly lastError?: string;
  /** bundled: the digest's id. */
  readonly into?: string;
}

/** A new entry: pending (or failed at once, e.g. a bad address in the directory). */
export interface NewEntry {
  readonly delivery: Delivery;
  readonly nextAt: number;
  readonly bundle: boolean;
  readonly eventAt: number;
  /** Refused before any attempt, with this reason: recorded as failed. */
  readonly refused?: string;
}

export interface NotificationLedger {
  /** Makes what was there readable; the file ledger ends every lease of the previous process here. Call once. */
  open(): Promise<void>;
  /** Records the entries whose id is not known yet, durably; resolves with those added. */
  add(entries: readonly NewEntry[], now: number): Promise<OutboxEntry[]>;
  /**
   * Claims up to `limit` entries for `owner`: pending ones due at `now` and sending ones whose
   * lease is over, oldest due first; each becomes sending until `now + leaseMs`, durably.
   */
  claim(owner: string, now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /**
   * Replaces `memberIds` (claimed by `owner`) by one digest entry, claimed by `owner`: the members
   * become bundled into it, in one durable step. Resolves with the digest, or undefined when a
   * member's lease was lost (nothing changed).
   */
  bundle(owner: string, digest: NewEntry, memberIds: readonly string[], now: number, leaseMs: number): Promise<OutboxEntry | undefined>;
  /** A send acknowledged by the channel on attempt `attempts`: sent. False when `owner` no longer held the lease (nothing changed). */
  complete(owner: string, id: string, attempts: number, now: number): Promise<boolean>;
  /**
   * A failed attempt (`attempts` counts it): pending again at `retryAt`, or failed for good when
   * `retryAt` is undefined. False when `owner` no longer held the lease.
   */
  fail(owner: string, id: string, attempts: number, reason: string, retryAt: number | undefined, now: number): Promise<boolean>;
  /** The earliest instant a pending entry or a lease falls due (epoch ms), or undefined. */
  nextDue(): Promise<number | undefined>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Entries by state, for /metrics. */
  counts(): Promise<Record<EntryState, number>>;
  /** Resolves once every write asked for has finished, then releases files. */
  close(): Promise<void>;
}

/** How long a finished entry (and so its id) is kept after its event: ids newer than this are never sent twice. */
export const DEFAULT_KEEP_MS = 7 * 24 * 60 * 60_000;

/** A pending or failed entry made from `entry`. */
export function entryOf(entry: NewEntry, now: number): OutboxEntry {
  const base = { delivery: entry.delivery, attempts: 0, bundle: entry.bundle, eventAt: entry.eventAt };
  return entry.refused === undefined
    ? { ...base, state: 'pending', nextAt: entry.nextAt }
    : { ...base, state: 'failed', nextAt: now, lastError: entry.refused };
}

/** Can `entry` be claimed at `now`? */
export function claimable(entry: OutboxEntry, now: number): boolean {
  return (entry.state === 'pending' || entry.state === 'sending') && entry.nextAt <= now;
}

/** Is `entry` done and older than `keepMs` (both its event and its end)? */
export function forgettable(entry: OutboxEntry, now: number, keepMs: number): boolean {
  return (
    (entry.state === 'sent' || entry.state === 'failed' || entry.state === 'bundled') &&
    entry.eventAt < now - keepMs &&
    entry.nextAt < now - keepMs
  );
}
