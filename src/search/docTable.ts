// A segment's docs outside the inverted index: the attributes results and filters need, kept in
// memory as columns (ids, titles, dictionary-coded kind/status/space/department/priority/sender/
// recipients, creation time, fingerprint), and the rest of each doc's text (body, tags, counterpart, people), which only
// snippets and merges read: in memory for a segment not yet written, on disk otherwise.
//
// File `<name>.docs`: u32 magic, u32 byte length of the table JSON, the table JSON, then each doc's
// stored text as UTF-8 JSON `[tags, body, counterpart, people]`, at offsets the table lists.
import * as fs from 'node:fs/promises';
import type { SearchDoc } from './searchDoc';

const MAGIC = 0x4c534431; // "LSD1"

/** Dictionary-coded strings: few distinct values (kinds, statuses) stored once. */
export class Column {
  private readonly index = new Map<string, number>();
  constructor(
    readonly values: string[],
    readonly codes: Uint16Array | Uint32Array,
  ) {
    values.forEach((value, code) => this.index.set(value, code));
  }

  static of(strings: readonly string[]): Column {
    const values: string[] = [];
    const index = new Map<string, number>();
    const codes = new Uint32Array(strings.length);
    strings.forEach((value, i) => {
      let code = index.get(value);
      if (code === undefined) {
        code = values.length;
        index.set(value, code);
        values.push(value);
      }
      codes[i] = code;
    });
    // Two bytes a doc, unless a column (recipients, in a large segment) has more distinct values.
    return new Column(values, values.length <= 0x10000 ? Uint16Array.from(codes) : codes);
  }

  /** Codes of the values `matches` accepts (a filter over names, once per segment and query). */
  codesWhere(matches: (value: string) => boolean): Set<number> {
    const codes = new Set<number>();
    this.values.forEach((value, code) => {
      if (matches(value)) codes.add(code);
    });
    return codes;
  }

  get(doc: number): string {
    return this.values[this.codes[doc]];
  }

  /** Codes of the given values that occur here (a filter becomes a set of small numbers). */
  codesOf(values: readonly string[]): Set<number> {
    const codes = new Set<number>();
    for (const value of values) {
      const code = this.index.get(value);
      if (code !== undefined) codes.add(code);
    }
    return codes;
  }

  toJSON(): { values: string[]; codes: number[] } {
    return { values: this.values, codes: Array.from(this.codes) };
  }
}

export interface DocTable {
  readonly count: number;
  readonly ids: readonly string[];
  readonly titles: readonly string[];
  readonly kind: Column;
  readonly status: Column;
  readonly space: Column;
  readonly department: Column;
  readonly priority: Column;
  /** The sender and her department (SearchDoc.sender). */
  readonly sender: Column;
  /** The recipients (SearchDoc.recipients). */
  readonly recipients: Column;
  /** createdAt as the record has it (ISO 8601). */
  readonly createdAtText: readonly string[];
  /** The same in milliseconds since the epoch (NaN when it does not parse), for date filters. */
  readonly createdAt: Float64Array;
  readonly fingerprints: Float64Array;
}

export function tableOf(docs: readonly SearchDoc[], fingerprints: readonly number[]): DocTable {
  return {
    count: docs.length,
    ids: docs.map((doc) => doc.id),
    titles: docs.map((doc) => doc.title),
    kind: Column.of(docs.map((doc) => doc.kind)),
    status: Column.of(docs.map((doc) => doc.status)),
    space: Column.of(docs.map((doc) => doc.space)),
    department: Column.of(docs.map((doc) => doc.department)),
    priority: Column.of(docs.map((doc) => doc.priority ?? '')),
    sender: Column.of(docs.map((doc) => doc.sender ?? '')),
    recipients: Column.of(docs.map((doc) => doc.recipients ?? '')),
    createdAtText: docs.map((doc) => doc.createdAt),
    createdAt: Float64Array.from(docs, (doc) => Date.parse(doc.createdAt)),
    fingerprints: Float64Array.from(fingerprints),
  };
}

/** The text of a doc that lives outside the table. */
export interface StoredText {
  readonly tags: string;
  readonly body: string;
  readonly counterpart: string;
  readonly people: string;
}

export interface StoredTextSource {
  read(doc: number): Promise<StoredText>;
  /** Every doc's text with one read (merges). */
  readAll(): Promise<StoredText[]>;
  close(): Promise<void>;
}

export function memoryText(docs: readonly SearchDoc[]): StoredTextSource {
  return {
    read: (doc) => Promise.resolve(docs[doc]),
    readAll: () => Promise.resolve([...docs]),
    close: () => Promise.resolve(),
  };
}

function parseText(bytes: Buffer): StoredText {
  const [tags, body, counterpart, people] = JSON.parse(bytes.toString('utf8')) as string[];
  return { tags, body, counterpart, people };
}

/** The full doc back from a table row and its stored text (for merges). */
export function docAt(table: DocTable, doc: number, text: StoredText): SearchDoc {
  return {
    id: table.ids[doc],
    title: table.titles[doc],
    tags: text.tags,
    body: text.body,
    counterpart: text.counterpart,
    people: text.people,
    kind: table.kind.get(doc),
    status: table.status.get(doc),
    space: table.space.get(doc),
    department: table.department.get(doc),
    createdAt: table.createdAtText[doc],
    priority: table.priority.get(doc),
    sender: table.sender.get(doc),
    recipients: table.recipients.get(doc),
  };
}

interface TableJson {
  count: number;
  ids: string[];
  titles: string[];
  kind: { values: string[]; codes: number[] };
  status: { values: string[]; codes: number[] };
  space: { values: string[]; codes: number[] };
  department: { values: string[]; codes: number[] };
  priority?: { values: string[]; codes: number[] };
  sender?: { values: string[]; codes: number[] };
  recipients?: { values: string[]; codes: number[] };
  createdAt: string[];
  fingerprints: number[];
  offsets: number[];
}

/** Encodes table + stored text as the bytes of a `.docs` file. */
export function encodeDocs(docs: readonly SearchDoc[], table: DocTable): Uint8Array[] {
  const blobs = docs.map((doc) => Buffer.from(JSON.stringify([doc.tags, doc.body, doc.counterpart, doc.people]), 'utf8'));
  const offsets = [0];
  for (const blob of blobs) offsets.push(offsets[offsets.length - 1] + blob.length);
  const json: TableJson = {
    count: table.count,
    ids: [...table.ids],
    titles: [...table.titles],
    kind: table.kind.toJSON(),
    status: table.status.toJSON(),
    space: table.space.toJSON(),
    department: table.department.toJSON(),
    priority: table.priority.toJSON(),
    sender: table.sender.toJSON(),
    recipients: table.recipients.toJSON(),
    createdAt: [...table.createdAtText],
    fingerprints: Array.from(table.fingerprints),
    offsets,
  };
  const tableBytes = Buffer.from(JSON.stringify(json), 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(tableBytes.length, 4);
  return [header, tableBytes, ...blobs];
}

/** A `.docs` file opened: the table in memory, the stored text read on demand. */
export interface OpenedDocs {
  readonly table: DocTable;
  readonly text: StoredTextSource;
}

function column(json: { values: string[]; codes: number[] } | undefined, count: number, optional = false): Column {
  // A table written before a column existed has none: every doc has '' there.
  if (json === undefined && optional) return Column.of(new Array<string>(count).fill(''));
  if (!Array.isArray(json?.values) || !Array.isArray(json?.codes) || json.codes.length !== count) throw new Error('docs file: bad column');
  if (json.codes.some((code) => !(code >= 0 && code < json.values.length))) throw new Error('docs file: column code out of range');
  return new Column(json.values, json.values.length <= 0x10000 ? Uint16Array.from(json.codes) : Uint32Array.from(json.codes));
}

/** Opens a `.docs` file; throws on anything malformed (the caller then rebuilds). */
export async function openDocs(file: string): Promise<OpenedDocs> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(8);
    if ((await handle.read(header, 0, 8, 0)).bytesRead !== 8 || header.readUInt32LE(0) !== MAGIC) throw new Error('docs file: bad header');
    const tableLength = header.readUInt32LE(4);
    if (8 + tableLength > size) throw new Error('docs file: truncated table');
    const tableBytes = Buffer.alloc(tableLength);
    await handle.read(tableBytes, 0, tableLength, 8);
    const json = JSON.parse(tableBytes.toString('utf8')) as TableJson;
    const count = json.count;
    const arrays = [json.ids, json.titles, json.createdAt, json.fingerprints];
    if (!Number.isInteger(count) || arrays.some((array) => !Array.isArray(array) || array.length !== count))
      throw new Error('docs file: bad table');
    if (!Array.isArray(json.offsets) || json.offsets.length !== count + 1 || 8 + tableLength + json.offsets[count] !== size) {
      throw new Error('docs file: stored text does not match the table');
    }
    const table: DocTable = {
      count,
      ids: json.ids,
      titles: json.titles,
      kind: column(json.kind, count),
      status: column(json.status, count),
      space: column(json.space, count),
      department: column(json.department, count),
      priority: column(json.priority, count, true),
      sender: column(json.sender, count, true),
      recipients: column(json.recipients, count, true),
      createdAtText: json.createdAt.map(String),
      createdAt: Float64Array.from(json.createdAt, (iso) => Date.parse(String(iso))),
      fingerprints: Float64Array.from(json.fingerprints),
    };
    const base = 8 + tableLength;
    const offsets = json.offsets;
    const text: StoredTextSource = {
      async read(doc: number): Promise<StoredText> {
        const length = offsets[doc + 1] - offsets[doc];
        const bytes = Buffer.alloc(length);
        await handle.read(bytes, 0, length, base + offsets[doc]);
        return parseText(bytes);
      },
      async readAll(): Promise<StoredText[]> {
        const all = Buffer.alloc(offsets[count]);
        for (let done = 0; done < all.length;) {
          const { bytesRead } = await handle.read(all, done, all.length - done, base + done);
          if (bytesRead === 0) throw new Error('docs file: shorter than its table says');
          done += bytesRead;
        }
        const texts: StoredText[] = [];
        for (let doc = 0; doc < count; doc++) texts.push(parseText(all.subarray(offsets[doc], offsets[doc + 1])));
        return texts;
      },
      close: () => handle.close(),
    };
    return { table, text };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
