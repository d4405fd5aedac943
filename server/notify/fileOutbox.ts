// The embedded server's notification ledger (outboxLedger.ts): one journal,
// `<dataDir>/notify/outbox.jsonl`, of lines `{"puts":[entry, …]}`, each line one change (a
// bundle's digest and its members are one line, so they change together). A change is applied in
// memory, appended, fdatasync'ed, and only then does its promise resolve; writes are ordered, so a
// claim is durable only after the additions before it. Recovery on open: a last line cut short
// by a crash is dropped (its change was never acknowledged); a damaged line inside is skipped and
// the journal copied aside first; every lease of the previous process ends (those sends' outcome
// is unknown: they are claimed again, see outboxLedger.ts). The journal is rewritten whole (tmp +
// fsync + rename) at open and whenever it holds far more lines than entries, dropping entries
// finished more than `keepMs` ago. A failed append is cut back off the file and tried again
// (a full disk stops sending, never loses a record).
//
// One process per data folder: `outbox.lock` holds the owner's pid; a live other owner makes
// open() fail with a message saying so; a dead one's lock is taken over.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fsyncDir, readIfExists, setAside, writeAll, writeFileDurably } from '../../src/store/spaceFiles';
import { errorText } from '../../src/util/errors';
import type { Logger } from '../../src/util/logger';
import { takePidLock } from '../pidLock';
import { isDelivery } from './notice';
import type { EntryState, NewEntry, NotificationLedger, OutboxEntry } from './outboxLedger';
import { DEFAULT_KEEP_MS, ENTRY_STATES, claimable, entryOf, forgettable } from './outboxLedger';

export interface FileOutboxOptions {
  /** The server's data folder; the journal goes in `<dataDir>/notify/`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Epoch ms. */
  readonly now: () => number;
  /** fdatasync every change. Default true. */
  readonly fsync?: boolean;
  readonly keepMs?: number;
}

interface Write {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const RETRY_WRITE_MS = [100, 1000, 5000, 30_000];

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const raw = value as Record<string, unknown>;
  return (
    isDelivery(raw.delivery) &&
    ENTRY_STATES.includes(raw.state as EntryState) &&
    typeof raw.attempts === 'number' &&
    typeof raw.nextAt === 'number' &&
    typeof raw.bundle === 'boolean' &&
    typeof raw.eventAt === 'number'
  );
}

export class FileOutbox implements NotificationLedger {
  readonly file: string;
  private readonly lockFile: string;
  private readonly entries = new Map<string, OutboxEntry>();
  private handle: fs.FileHandle | undefined;
  /** Bytes of the journal known to be whole. */
  private size = 0;
  private linesSinceRewrite = 0;
  private queue: Write[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: FileOutboxOptions) {
    this.file = path.join(options.dataDir, 'notify', 'outbox.jsonl');
    this.lockFile = path.join(options.dataDir, 'notify', 'outbox.lock');
  }

  async open(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await this.lock();
    const now = this.options.now();
    const bytes = await readIfExists(this.file);
    const text = bytes?.toString('utf8') ?? '';
    const lines = text.split('\n');
    const tail = lines.pop() ?? '';
    if (tail !== '') this.options.logger.warn(`notify: ${this.file} ended in a line cut short (a crash while writing it); dropped`);
    let damaged = 0;
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        const puts = (JSON.parse(line) as { puts?: unknown }).puts;
        if (!Array.isArray(puts) || !puts.every(isEntry)) throw new Error('not a list of entries');
        for (const entry of puts) this.entries.set(entry.delivery.id, entry);
      } catch {
        damaged++;
      }
    }
    if (damaged > 0) {
      const aside = await setAside(this.file, new Date(now), 'copy');
      this.options.logger.error(`notify: ${damaged} damaged lines in ${this.file} skipped; the journal as it was is copied to ${aside}`);
    }
    let unknown = 0;
    for (const [id, entry] of this.entries) {
      if (entry.state !== 'sending') continue;
      unknown++;
      this.entries.set(id, { ...entry, state: 'pending', nextAt: now, owner: undefined });
    }
    if (unknown > 0)
      this.options.logger.warn(
        `notify: ${unknown} sends were under way when the server stopped; their outcome is unknown, so they are sent again with the same id (e-mail Message-ID, Feishu uuid, webhook X-Liaison-Delivery let receivers drop a repeat)`,
      );
    await this.rewrite(now);
  }

  async add(entries: readonly NewEntry[], now: number): Promise<OutboxEntry[]> {
    const added: OutboxEntry[] = [];
    for (const entry of entries) {
      if (this.entries.has(entry.delivery.id) || added.some((other) => other.delivery.id === entry.delivery.id)) continue;
      added.push(entryOf(entry, now));
    }
    if (added.length > 0) await this.commit(added);
    return added;
  }

  async claim(owner: string, now: number, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
    const due: OutboxEntry[] = [];
    for (const entry of this.entries.values()) if (claimable(entry, now)) due.push(entry);
    due.sort((a, b) => a.nextAt - b.nextAt);
    const claimed = due.slice(0, limit).map((entry): OutboxEntry => ({ ...entry, state: 'sending', owner, nextAt: now + leaseMs }));
    if (claimed.length > 0) await this.commit(claimed);
    return claimed;
  }

  async bundle(
    owner: string,
    digest: NewEntry,
    memberIds: readonly string[],
    now: number,
    leaseMs: number,
  ): Promise<OutboxEntry | undefined> {
    const members = memberIds.map((id) => this.entries.get(id));
    if (members.some((member) => member === undefined || member.state !== 'sending' || member.owner !== owner)) return undefined;
    const made: OutboxEntry = { ...entryOf(digest, now), state: 'sending', owner, nextAt: now + leaseMs };
    const into = digest.delivery.id;
    const bundled = (members as OutboxEntry[]).map((member): OutboxEntry => ({
      ...member,
      state: 'bundled',
      owner: undefined,
      nextAt: now,
      into,
    }));
    await this.commit([made, ...bundled]);
    return made;
  }

  async complete(owner: string, id: string, attempts: number, now: number): Promise<boolean> {
    const entry = this.held(owner, id);
    if (entry === undefined) return false;
    await this.commit([{ ...entry, state: 'sent', attempts, owner: undefined, nextAt: now }]);
    return true;
  }

  async fail(owner: string, id: string, attempts: number, reason: string, retryAt: number | undefined, now: number): Promise<boolean> {
    const entry = this.held(owner, id);
    if (entry === undefined) return false;
    const state: EntryState = retryAt === undefined ? 'failed' : 'pending';
    await this.commit([{ ...entry, state, attempts, lastError: reason, owner: undefined, nextAt: retryAt ?? now }]);
    return true;
  }

  async nextDue(): Promise<number | undefined> {
    let next: number | undefined;
    for (const entry of this.entries.values()) {
      if ((entry.state === 'pending' || entry.state === 'sending') && (next === undefined || entry.nextAt < next)) next = entry.nextAt;
    }
    return next;
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    return this.entries.get(id);
  }

  async counts(): Promise<Record<EntryState, number>> {
    const counts = { pending: 0, sending: 0, sent: 0, failed: 0, bundled: 0 };
    for (const entry of this.entries.values()) counts[entry.state]++;
    return counts;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.writing !== undefined) await this.writing;
    await this.handle?.close();
    this.handle = undefined;
    await fs.rm(this.lockFile, { force: true });
  }

  private held(owner: string, id: string): OutboxEntry | undefined {
    const entry = this.entries.get(id);
    return entry !== undefined && entry.state === 'sending' && entry.owner === owner ? entry : undefined;
  }

  private async lock(): Promise<void> {
    await takePidLock(
      this.lockFile,
      this.options.logger,
      (holder) =>
        `notify: another process (pid ${holder}) is sending this data folder's notifications (${this.lockFile}); run one server per data folder, or stop that one first`,
    );
  }

  /** Applies `changed` in memory and resolves once it is durable. */
  private commit(changed: readonly OutboxEntry[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('notify: the outbox is closed'));
    for (const entry of changed) this.entries.set(entry.delivery.id, entry);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line: `${JSON.stringify({ puts: changed })}\n`, resolve, reject });
      this.writing ??= this.writeLoop().finally(() => {
        this.writing = undefined;
      });
    });
  }

  private async writeLoop(): Promise<void> {
    let failures = 0;
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const bytes = Buffer.from(batch.map((write) => write.line).join(''), 'utf8');
      try {
        if (this.handle === undefined) throw new Error('the journal is not open');
        await writeAll(this.handle, bytes, this.size);
        if (this.options.fsync ?? true) await this.handle.datasync();
      } catch (error) {
        const wait = RETRY_WRITE_MS[Math.min(failures, RETRY_WRITE_MS.length - 1)];
        failures++;
        await this.handle?.truncate(this.size).catch(() => undefined);
        if (this.closed) {
          this.options.logger.error(
            `notify: writing ${this.file} failed (${errorText(error)}) while closing; ${batch.length} changes not recorded`,
          );
          for (const write of [...batch, ...this.queue]) write.reject(new Error(`notify: ${errorText(error)}`));
          this.queue = [];
          return;
        }
        this.options.logger.error(
          `notify: writing ${this.file} failed (${errorText(error)}); nothing is sent until it works; trying again in ${wait} ms`,
        );
        this.queue = [...batch, ...this.queue];
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      this.size += bytes.length;
      this.linesSinceRewrite += batch.length;
      failures = 0;
      for (const write of batch) write.resolve();
      if (this.linesSinceRewrite > 1000 && this.linesSinceRewrite > 2 * this.entries.size) {
        await this.rewrite(this.options.now()).catch((error: unknown) =>
          this.options.logger.error(`notify: rewriting ${this.file} failed (${errorText(error)}); appending to it as it is`),
        );
      }
    }
  }

  /** Writes the journal afresh with every entry still kept, and appends to it from then on. */
  private async rewrite(now: number): Promise<void> {
    const keepMs = this.options.keepMs ?? DEFAULT_KEEP_MS;
    for (const [id, entry] of this.entries) if (forgettable(entry, now, keepMs)) this.entries.delete(id);
    const lines: string[] = [];
    const all = [...this.entries.values()];
    for (let i = 0; i < all.length; i += 100) lines.push(`${JSON.stringify({ puts: all.slice(i, i + 100) })}\n`);
    const bytes = Buffer.from(lines.join(''), 'utf8');
    const tmp = `${this.file}.tmp`;
    await writeFileDurably(tmp, [bytes], this.options.fsync ?? true);
    await this.handle?.close();
    this.handle = undefined;
    try {
      await fs.rename(tmp, this.file);
      await fsyncDir(path.dirname(this.file));
      this.size = bytes.length;
      this.linesSinceRewrite = 0;
    } finally {
      // After a failed rename the old journal, `size` bytes long, is still the one appended to.
      this.handle = await fs.open(this.file, this.size === 0 ? 'w+' : 'r+');
    }
  }
}
