// The directory (people, departments, heads) of a set of spaces: one rule, for the editor and the
// command line alike. The directory lives in one space's document (src/store/directoryDoc.ts), and
// it is read from one space, never merged: two spaces may place a person differently, and a report
// must not depend on which space was read first.
//
// The directory space is, in this order:
//   1. the one asked for (`liaison.directorySpace`, `--directory-space`), when it is one of the spaces;
//   2. else the first of the spaces, in their order, whose document holds a directory;
//   3. else the default space (`liaison.defaultSpace`, else the first space): where a new one is written.
import { Directory } from '../domain/directory';
import type { DirectoryData } from '../domain/directory';
import type { Replica } from '../sync/replica';

export interface DirectoryChoice {
  /** The space asked for (a setting or a flag); ignored when it is not one of the spaces. */
  directorySpace?: string;
  /** Where a directory goes when no space holds one (default: the first space). */
  defaultSpace?: string;
}

function holdsDirectory(data: DirectoryData): boolean {
  return data.people.length > 0 || data.departments.length > 0;
}

/** The directory space of `spaces` (see the top of this file); undefined when there are no spaces. */
export function directorySpaceOf(
  spaces: readonly string[],
  read: (space: string) => DirectoryData,
  choice: DirectoryChoice = {},
): string | undefined {
  if (choice.directorySpace && spaces.includes(choice.directorySpace)) return choice.directorySpace;
  const holding = spaces.find((space) => holdsDirectory(read(space)));
  if (holding !== undefined) return holding;
  return choice.defaultSpace && spaces.includes(choice.defaultSpace) ? choice.defaultSpace : spaces[0];
}

/** The directory of the replica's spaces (or of `spaces`, a subset), read from its directory space. */
export function directoryOf(
  replica: Replica,
  choice: DirectoryChoice = {},
  spaces: readonly string[] = replica.spaceNames,
): { space: string | undefined; directory: Directory } {
  const space = directorySpaceOf(spaces, (name) => replica.directory(name), choice);
  return { space, directory: new Directory(space === undefined ? { people: [], departments: [] } : replica.directory(space)) };
}
