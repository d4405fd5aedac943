// One segment of the segmented index: an immutable inverted index (engine), its doc table and
// stored text, plus the only mutable part, a bitset of deleted docs (a newer version of the record
// lives in a later segment, or the record was removed). A segment with a `name` is on disk as
// `<name>.engine` + `<name>.docs`; one without lives in memory until it is merged into one that is.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { EngineSegment, Pause, SearchEngine } from './engine';
import { docAt, encodeDocs, memoryText, openDocs, tableOf } from './docTable';
import type { DocTable, StoredTextSource } from './docTable';
import type { SearchDoc } from './searchDoc';

export class Segment {
  private deletedCount = 0;

  constructor(
    /** File name stem on disk; undefined while the segment lives in memory only. */
    readonly name: string | undefined,
    readonly engine: EngineSegment,
    readonly table: DocTable,
    private readonly text: StoredTextSource,
    readonly deleted: Uint8Array = new Uint8Array(Math.ceil(table.count / 8)),
  ) {
    for (let doc = 0; doc < table.count; doc++) if (this.isDeleted(doc)) this.deletedCount++;
  }

  get docCount(): number {
    return this.table.count;
  }

  get liveCount(): number {
    return this.table.count - this.deletedCount;
  }

  isDeleted(doc: number): boolean {
    return (this.deleted[doc >> 3] & (1 << (doc & 7))) !== 0;
  }

  markDeleted(doc: number): void {
    if (this.isDeleted(doc)) return;
    this.deleted[doc >> 3] |= 1 << (doc & 7);
    this.deletedCount++;
  }

  /** Every doc (deleted ones too), as indexed: what a merge rebuilds from. */
  async allDocs(): Promise<SearchDoc[]> {
    const texts = await this.text.readAll();
    return texts.map((text, doc) => docAt(this.table, doc, text));
  }

  readText(doc: number): ReturnType<StoredTextSource['read']> {
    return this.text.read(doc);
  }

  close(): Promise<void> {
    return this.text.close();
  }
}

/**
 * Builds a segment from docs (`fingerprints[i]` is that of `docs[i]`). With `disk` it is written
 * there (durably) before it is returned; otherwise it lives in memory.
 */
export async function buildSegment(
  engine: SearchEngine,
  docs: readonly SearchDoc[],
  fingerprints: readonly number[],
  pause: Pause,
  disk?: { dir: string; name: string; fsync: boolean },
  /** The index of exactly these docs, when a merge already made it. */
  prebuilt?: EngineSegment,
): Promise<Segment> {
  const built = prebuilt ?? (await engine.build(docs, pause));
  const table = tableOf(docs, fingerprints);
  if (!disk) return new Segment(undefined, built, table, memoryText(docs));
  await writeDurably(path.join(disk.dir, `${disk.name}.engine`), built.serialize(), disk.fsync);
  await writeDurably(path.join(disk.dir, `${disk.name}.docs`), encodeDocs(docs, table), disk.fsync);
  const opened = await openDocs(path.join(disk.dir, `${disk.name}.docs`));
  return new Segment(disk.name, built, opened.table, opened.text);
}

/** Opens a segment written by `buildSegment`; throws when a file is missing or malformed. */
export async function openSegment(engine: SearchEngine, dir: string, name: string, deleted?: Uint8Array): Promise<Segment> {
  const bytes = await fs.readFile(path.join(dir, `${name}.engine`));
  const built = engine.load(bytes);
  const opened = await openDocs(path.join(dir, `${name}.docs`));
  if (opened.table.count !== built.docCount) {
    await opened.text.close();
    throw new Error(`segment ${name}: the index has ${built.docCount} docs, the doc table ${opened.table.count}`);
  }
  const bitset = new Uint8Array(Math.ceil(built.docCount / 8));
  if (deleted) bitset.set(deleted.subarray(0, bitset.length));
  return new Segment(name, built, opened.table, opened.text, bitset);
}

/** Writes chunks to `file` and fsyncs it (the manifest names a segment only once its files are durable). */
export async function writeDurably(file: string, chunks: readonly Uint8Array[], fsync = true): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    let position = 0;
    const write = async (bytes: Uint8Array): Promise<void> => {
      for (let done = 0; done < bytes.length;) {
        const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position);
        done += bytesWritten;
        position += bytesWritten;
      }
    };
    // Small chunks (one per doc) are gathered into larger writes.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    for (const chunk of chunks) {
      if (chunk.length >= 1 << 20) {
        if (pending.length > 0) await write(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
        await write(chunk);
        continue;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= 1 << 20) {
        await write(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pending.length > 0) await write(Buffer.concat(pending));
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
}
