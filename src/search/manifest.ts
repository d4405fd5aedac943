// The index folder's table of contents, `manifest.json`: which segment files make up the index,
// which of their docs are deleted, and what version of the source it reflects. It is replaced
// atomically (tmp + fsync + rename + fsync of the folder), after the segment files it names are
// durable, so a crash leaves the old or the new index, never a mix. Files it does not name are
// leftovers of an interrupted merge and are deleted on open.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
/** Bump when the folder's layout changes: an index of another version is rebuilt, never read. */
export const INDEX_FORMAT = 1;

export interface ManifestSegment {
  readonly name: string;
  readonly docCount: number;
  /** Deleted docs as a base64 bitset; absent when none. */
  readonly deleted?: string;
}

export interface Manifest {
  readonly format: typeof INDEX_FORMAT;
  /** SearchEngine.id and the analyzer version the segments were built with. */
  readonly engine: string;
  readonly analyzer: string;
  readonly nextSegment: number;
  readonly segments: readonly ManifestSegment[];
  /**
   * What the caller said the index reflects at its last commit (e.g. a hash of the Yjs state), or
   * absent when changes were made after it. Opaque to the index.
   */
  readonly sourceVersion?: string;
}

/** The manifest, undefined when there is none, or the reason it cannot be used. */
export async function readManifest(dir: string, engine: string, analyzer: string): Promise<Manifest | undefined | { unusable: string }> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { unusable: `cannot read ${MANIFEST_FILE}: ${(error as Error).message}` };
  }
  let json: Manifest;
  try {
    json = JSON.parse(text) as Manifest;
  } catch (error) {
    return { unusable: `${MANIFEST_FILE} is not valid JSON (${(error as Error).message})` };
  }
  if (json?.format !== INDEX_FORMAT) return { unusable: `index format ${String(json?.format)}, this version reads ${INDEX_FORMAT}` };
  if (json.engine !== engine) return { unusable: `built by engine ${json.engine}, this index uses ${engine}` };
  if (json.analyzer !== analyzer) return { unusable: `built with analyzer ${json.analyzer}, this version uses ${analyzer}` };
  const valid =
    Number.isInteger(json.nextSegment) &&
    Array.isArray(json.segments) &&
    json.segments.every(
      (segment) => typeof segment?.name === 'string' && /^s\d+$/.test(segment.name) && Number.isInteger(segment.docCount),
    );
  if (!valid) return { unusable: `${MANIFEST_FILE} has a malformed segment list` };
  return json;
}

export async function writeManifest(dir: string, manifest: Manifest, fsync = true): Promise<void> {
  const target = path.join(dir, MANIFEST_FILE);
  const temporary = `${target}.tmp`;
  const handle = await fs.open(temporary, 'w');
  try {
    await handle.writeFile(JSON.stringify(manifest), 'utf8');
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temporary, target);
  if (fsync) await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; there the rename is as durable as it gets.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Files in `dir` that belong to the index format (segments, manifest, temporaries). */
export function isIndexFile(name: string): boolean {
  return name === MANIFEST_FILE || name === `${MANIFEST_FILE}.tmp` || /^s\d+\.(engine|docs)$/.test(name);
}
