// Write before relay (room.ts): every message that carries document content to a client is sent
// only after `flush()` resolved for everything applied to the document before it, in order,
// through one promise chain per room; so whatever a client has received survives kill -9.
import type { Logger } from '../src/util/logger';
import { errorText } from '../src/util/errors';
import type { ServerMetrics } from './metrics';

export interface DurableSendsOptions {
  /** The space's flush: resolves once everything applied so far is durable. */
  readonly flush: () => Promise<void>;
  readonly name: string;
  readonly logger: Logger;
  readonly metrics?: ServerMetrics;
  readonly now: () => number;
  /** A flush failed: nothing more may be relayed; the room drops its connections. */
  readonly onStorageFailure: () => void;
}

export class DurableSends {
  /** Sends that wait for durability run on this chain, strictly in order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: DurableSendsOptions) {}

  /**
   * Runs `send` once everything applied to the doc so far is on disk, after every earlier such
   * send. `flush()` is asked now (capturing "so far"); the chain keeps the order. When the flush
   * fails, `send` is skipped, the room is told and `dropped` runs instead.
   */
  after(send: () => void, dropped?: () => void): void {
    const { options } = this;
    const started = options.now();
    const durable = options.flush();
    this.chain = this.chain
      .then(() => durable)
      .then(
        () => {
          options.metrics?.persistLatency.observe((options.now() - started) / 1000);
          send();
        },
        (error: unknown) => {
          // Not durable: relaying would promise more than we keep. Drop the connections; the
          // clients still hold their edits and resend them on reconnect.
          options.logger.error(`space "${options.name}": flush failed, not relaying: ${errorText(error)}`);
          options.onStorageFailure();
          dropped?.();
        },
      )
      .catch((error: unknown) => {
        options.logger.error(`space "${options.name}": send failed: ${errorText(error)}`);
      });
  }

  /** Resolves when every send queued so far has been done (or dropped). */
  async settled(): Promise<void> {
    await this.chain;
  }
}
