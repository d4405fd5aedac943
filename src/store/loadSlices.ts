// Applies a space's stored updates to its doc in slices of about `sliceMs`, yielding to the event
// loop between slices, so a large space does not hold a server (or the extension host) still
// while it loads: other rooms, /healthz and pings are answered in between.
//
// One slice is one transaction (origin LOADING_ORIGIN); a transaction cannot span a yield, so a
// slice ends, then the loop turns. The clock keeps running across the files of one load (snapshot,
// previous generation, log), so a small space is loaded in one slice and never yields.
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';

/** How many updates were applied, and how many of them Yjs could not read. */
export interface SliceResult {
  applied: number;
  failed: number;
}

export class SlicedLoader {
  /** Slices ended so far (yields = slices - 1). */
  slices = 1;
  private sliceStart = performance.now();

  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: unknown,
    /** 0: yield after every update. */
    private readonly sliceMs: number,
  ) {}

  /** Applies every update `next()` returns until it returns undefined; `next` may do its own work (checksums) inside the slice. */
  async apply(next: () => Uint8Array | undefined): Promise<SliceResult> {
    const result: SliceResult = { applied: 0, failed: 0 };
    let more = true;
    while (more) {
      this.doc.transact(() => {
        for (;;) {
          const update = next();
          if (update === undefined) {
            more = false;
            return;
          }
          result.applied++;
          const before = performance.now();
          try {
            Y.applyUpdate(this.doc, update, this.origin);
          } catch {
            result.failed++;
          }
          const now = performance.now();
          // Stop before an update that would likely end past the slice (pieces of one file cost about the same).
          if (now - this.sliceStart + (now - before) >= this.sliceMs) return;
        }
      }, this.origin);
      if (more) await this.yieldToLoop();
    }
    return result;
  }

  private async yieldToLoop(): Promise<void> {
    // setImmediate, not a timer: the loop runs its I/O callbacks and comes straight back.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.slices++;
    this.sliceStart = performance.now();
  }
}
