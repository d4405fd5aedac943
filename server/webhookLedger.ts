// The webhook ledger: which alerts of a space were already turned into deliveries (`handled`), and
// the deliveries not yet done (`pending`, with their attempt count and next attempt time). Behind
// one interface, `WebhookLedger`: the embedded server keeps it in files (`FileLedger`), a cluster
// may keep it elsewhere. The dispatcher (webhooks.ts) writes a space's ledger before the first
// attempt of a new delivery and after every attempt, so a crash loses nothing and repeats at most
// the one POST whose answer was not yet written.
//
// FileLedger: per space, `<dataDir>/webhooks/<space>.json`, written atomically (tmp + fsync +
// rename), writes coalesced per space. A ledger that does not parse is moved aside
// (`<file>.corrupt-<ms>`) and the space starts afresh (`fresh`: what it holds is not posted).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { validateSpaceName } from '../src/store/localStore';
import { errorText } from '../src/util/errors';
import type { Logger } from '../src/util/logger';
import type { Alert } from './alerts';
import { ALERT_KINDS } from './webhookConfig';

/** One alert for one webhook, as kept in the ledger. */
export interface Delivery {
  readonly webhook: string;
  readonly alert: Alert;
  attempts: number;
  /** Epoch ms of the next attempt. */
  nextAt: number;
  lastError?: string;
}

/** A space's ledger in memory; the dispatcher changes it, then asks the ledger to save it. */
export interface LedgerSpace {
  readonly space: string;
  readonly handled: Set<string>;
  readonly pending: Set<Delivery>;
  /** No ledger existed: what the space holds when first attached is marked handled, unsent. */
  fresh: boolean;
}

export interface WebhookLedger {
  /** The spaces that have a ledger (their pending deliveries are resumed at start). */
  spaces(): Promise<string[]>;
  /** The ledger of `space` (every readable pending delivery in it); `fresh` when there was none. Rejects when it cannot be read. */
  load(space: string): Promise<LedgerSpace>;
  /** Writes `state` as it is now (coalescing writes); never rejects: a failed write is logged and tried again on the next change. */
  save(state: LedgerSpace): Promise<void>;
  /** Resolves once every write asked for so far has finished. */
  settled(): Promise<void>;
}

interface LedgerFile {
  version: 1;
  space: string;
  handled: string[];
  pending: Delivery[];
}

const LEDGER_VERSION = 1;

interface FileState {
  dirty: boolean;
  saving?: Promise<void>;
}

export interface FileLedgerOptions {
  /** The server's data folder; ledgers go in `<dataDir>/webhooks/`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Epoch milliseconds, for the names of ledgers set aside. */
  readonly now: () => number;
  /** fsync ledger writes. Default true. */
  readonly fsync?: boolean;
}

export class FileLedger implements WebhookLedger {
  private readonly dir: string;
  private readonly writes = new Map<LedgerSpace, FileState>();

  constructor(private readonly options: FileLedgerOptions) {
    this.dir = path.join(options.dataDir, 'webhooks');
  }

  async spaces(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter((space) => validateSpaceName(space) === undefined);
  }

  async load(space: string): Promise<LedgerSpace> {
    const file = this.file(space);
    const state: LedgerSpace = { space, handled: new Set(), pending: new Set(), fresh: false };
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${errorText(error)}`);
      state.fresh = true;
      return state;
    }
    let ledger: LedgerFile;
    try {
      ledger = JSON.parse(text) as LedgerFile;
      if (ledger.version !== LEDGER_VERSION || !Array.isArray(ledger.handled) || !Array.isArray(ledger.pending))
        throw new Error(`not a version ${LEDGER_VERSION} ledger`);
    } catch (error) {
      const aside = `${file}.corrupt-${this.options.now()}`;
      await fs.rename(file, aside);
      this.options.logger.error(
        `webhooks: ${file} is unreadable (${errorText(error)}); moved to ${aside}. Space "${space}" starts afresh: what it holds now is not posted`,
      );
      state.fresh = true;
      return state;
    }
    for (const key of ledger.handled) if (typeof key === 'string') state.handled.add(key);
    for (const delivery of ledger.pending) if (isDelivery(delivery)) state.pending.add(delivery);
    return state;
  }

  save(state: LedgerSpace): Promise<void> {
    let write = this.writes.get(state);
    if (write === undefined) {
      write = { dirty: false };
      this.writes.set(state, write);
    }
    write.dirty = true;
    const current = write;
    current.saving ??= this.saveLoop(state, current).finally(() => {
      current.saving = undefined;
    });
    return current.saving;
  }

  async settled(): Promise<void> {
    await Promise.all(Array.from(this.writes.values(), (write) => write.saving));
  }

  private file(space: string): string {
    return path.join(this.dir, `${space}.json`);
  }

  private async saveLoop(state: LedgerSpace, write: FileState): Promise<void> {
    const file = this.file(state.space);
    while (write.dirty) {
      write.dirty = false;
      const ledger: LedgerFile = {
        version: LEDGER_VERSION,
        space: state.space,
        handled: Array.from(state.handled),
        pending: Array.from(state.pending),
      };
      try {
        await writeAtomically(file, `${JSON.stringify(ledger)}\n`, this.options.fsync ?? true);
      } catch (error) {
        this.options.logger.error(`webhooks: writing ${file} failed: ${errorText(error)}`);
      }
    }
  }
}

function isDelivery(value: unknown): value is Delivery {
  if (typeof value !== 'object' || value === null) return false;
  const raw = value as Record<string, unknown>;
  const alert = raw.alert as Record<string, unknown> | null | undefined;
  return (
    typeof raw.webhook === 'string' &&
    typeof raw.attempts === 'number' &&
    typeof raw.nextAt === 'number' &&
    typeof alert === 'object' &&
    alert !== null &&
    typeof alert.key === 'string' &&
    typeof alert.space === 'string' &&
    ALERT_KINDS.includes(alert.kind as Alert['kind']) &&
    typeof alert.record === 'object' &&
    alert.record !== null
  );
}

/** tmp file + (fsync) + rename, so a reader sees the old ledger or the new one, never half of one. */
async function writeAtomically(file: string, text: string, fsync: boolean): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
