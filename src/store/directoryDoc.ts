// The directory in a space's Yjs document: two top-level Y.Maps, `directoryPeople` (name →
// person) and `directoryDepartments` (name → department), values plain JSON. Top-level, because
// two replicas that each created a nested map would race and one side's entries would be lost.
// One entry per key, so two people edited on two machines merge; an edit of one person replaces
// that person only. Malformed entries (from an old or hostile peer) are skipped, never thrown.
import type * as Y from 'yjs';
import type { Department, DirectoryData, Person } from '../domain/directory';

/** The channel fields a person may carry (src/domain/personChannels.ts checks them), kept as they are. */
const CHANNEL_FIELDS = ['email', 'dingtalk', 'feishu', 'webhook'] as const;

export const PEOPLE_KEY = 'directoryPeople';
export const DEPARTMENTS_KEY = 'directoryDepartments';

function maps(doc: Y.Doc): { people: Y.Map<unknown>; departments: Y.Map<unknown> } {
  return { people: doc.getMap<unknown>(PEOPLE_KEY), departments: doc.getMap<unknown>(DEPARTMENTS_KEY) };
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function readPerson(name: string, value: unknown): Person | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const person: Person = { name };
  if (str(raw.department)) person.department = str(raw.department);
  if (str(raw.title)) person.title = str(raw.title);
  for (const channel of CHANNEL_FIELDS) if (str(raw[channel])) person[channel] = str(raw[channel]);
  if (Array.isArray(raw.aliases)) {
    const aliases = raw.aliases.filter((alias): alias is string => typeof alias === 'string' && alias.trim() !== '');
    if (aliases.length > 0) person.aliases = aliases;
  }
  return person;
}

export function readDirectory(doc: Y.Doc): DirectoryData {
  const { people, departments } = maps(doc);
  const data: DirectoryData = { people: [], departments: [] };
  for (const [name, value] of people.entries()) {
    const person = readPerson(name, value);
    if (person) data.people.push(person);
  }
  for (const [name, value] of departments.entries()) {
    const head = typeof value === 'object' && value !== null ? str((value as Record<string, unknown>).head) : undefined;
    data.departments.push(head ? { name, head } : { name });
  }
  data.people.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  data.departments.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  return data;
}

function personValue(person: Person): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const key of ['department', 'title', ...CHANNEL_FIELDS, 'aliases'] as const) if (person[key] !== undefined) value[key] = person[key];
  return value;
}

function departmentValue(department: Department): Record<string, unknown> {
  return department.head ? { head: department.head } : {};
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes the directory. `replace`: entries not in `data` are removed (the directory editor);
 * otherwise they are kept (an import adds and updates). Unchanged entries are not rewritten,
 * so saving an untouched directory makes no update at all.
 */
export function writeDirectory(doc: Y.Doc, data: DirectoryData, options: { replace: boolean }, origin?: unknown): void {
  const { people, departments } = maps(doc);
  doc.transact(() => {
    const wantedPeople = new Map(data.people.map((person) => [person.name, personValue(person)]));
    const wantedDepartments = new Map(data.departments.map((department) => [department.name, departmentValue(department)]));
    if (options.replace) {
      for (const name of [...people.keys()]) if (!wantedPeople.has(name)) people.delete(name);
      for (const name of [...departments.keys()]) if (!wantedDepartments.has(name)) departments.delete(name);
    }
    for (const [name, value] of wantedPeople) if (!same(people.get(name), value)) people.set(name, value);
    for (const [name, value] of wantedDepartments) if (!same(departments.get(name), value)) departments.set(name, value);
  }, origin);
}

export function onDirectoryChanged(doc: Y.Doc, listener: () => void): () => void {
  const { people, departments } = maps(doc);
  const handler = (): void => listener();
  people.observe(handler);
  departments.observe(handler);
  return () => {
    people.unobserve(handler);
    departments.unobserve(handler);
  };
}
