// Shared by the store's tests: temporary folders and the record model of docs/design.md ("Records in the document").
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as Y from 'yjs';
import { recordEntries, recordIds as storedRecordIds } from '../../../src/store/recordsDoc';

/** A fresh folder under the OS temp dir; remove it with `removeTempDir`. */
export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'liaison-store-'));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A fresh temp folder for each test of the enclosing describe, handed to `use` before it and removed after it. */
export function eachTempDir(use: (dir: string) => void): void {
  let dir = '';
  beforeEach(() => {
    dir = makeTempDir();
    use(dir);
  });
  afterEach(() => removeTempDir(dir));
}

/** Adds a record as the domain stores one: a Y.Map of fields, a Y.Text body and a Y.Array of events. */
export function addRecord(doc: Y.Doc, id: string, title: string): void {
  doc.transact(() => {
    const record = new Y.Map<unknown>();
    doc.getMap<Y.Map<unknown>>('records').set(id, record);
    record.set('title', title);
    record.set('status', 'open');
    const body = new Y.Text();
    record.set('body', body);
    body.insert(0, `Body of ${title}: 请尽快处理。`);
    const events = new Y.Array<unknown>();
    record.set('events', events);
    events.push([{ kind: 'sent', at: '2024-05-01T08:00:00Z', by: 'alice' }]);
  });
}

/** The ids of the records in `doc`, sorted. */
export function recordIds(doc: Y.Doc): string[] {
  return storedRecordIds(doc).sort();
}

export function recordsJson(doc: Y.Doc): unknown {
  const json: Record<string, unknown> = {};
  for (const [id, value] of recordEntries(doc)) json[id] = value instanceof Y.AbstractType ? value.toJSON() : value;
  return json;
}

/** Flips every bit of one byte of a file. */
export function flipByte(file: string, offset: number): void {
  const bytes = fs.readFileSync(file);
  bytes[offset] ^= 0xff;
  fs.writeFileSync(file, bytes);
}
