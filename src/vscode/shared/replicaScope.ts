// The lifetime of one opened replica in the editor. Services announce each replica they open with
// a new scope (`services.onDidOpenReplica`); whatever a feature sets up for that replica (timers,
// observers, open shelves, search indexes) it registers here, and closing the replica (a reload, a
// setting that needs other spaces, shutdown) first awaits every disposer, then closes the replica.
// So no feature asks "is this still the replica I followed?": when a scope ends, what it holds ends.
// No `vscode` import: the scope is plain Node, tested as such (test/unit/vscode/replicaScope.test.ts).
import type { Replica } from '../../sync/replica';
import type { Logger } from '../../util/logger';

/** Releases something; may return a promise the closing scope awaits. */
export type Disposer = () => unknown;

export class ReplicaScope {
  private readonly disposers = new Set<Disposer>();
  private closing: Promise<void> | undefined;

  constructor(
    readonly replica: Replica,
    private readonly logger: Logger,
  ) {}

  /** True until closing starts; work that finishes later than its scope gives back what it made. */
  get isOpen(): boolean {
    return this.closing === undefined;
  }

  /**
   * Runs `disposer` when the scope closes, and awaits it before the replica is closed. On a scope
   * already closing it runs at once (what arrives too late is released, never leaked). Returns a
   * function that takes the disposer back without running it (the thing was released earlier).
   */
  add(disposer: Disposer): () => void {
    if (!this.isOpen) {
      void this.run(disposer);
      return () => undefined;
    }
    this.disposers.add(disposer);
    return () => {
      this.disposers.delete(disposer);
    };
  }

  /**
   * Runs every disposer, the last added first, and resolves when all have settled; a disposer
   * that fails is logged, never thrown, so one cannot keep the others (or the replica) open.
   * Idempotent: a second call returns the first one's promise.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const disposers = [...this.disposers].reverse();
    this.disposers.clear();
    let settle = (): void => undefined;
    this.closing = new Promise<void>((resolve) => (settle = resolve));
    void Promise.all(disposers.map((disposer) => this.run(disposer))).then(settle);
    return this.closing;
  }

  private async run(disposer: Disposer): Promise<void> {
    try {
      await disposer();
    } catch (error) {
      this.logger.error(`releasing what was set up for the replica failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
