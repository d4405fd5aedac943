// Does one replica hold every deletion another one holds? Yjs state vectors say which structs a
// replica has, but deletions do not advance them: they live in delete sets (per client, ranges
// of deleted clocks). `liaison sync` compares the server's delete set with the local one.

/** Deleted clock ranges per client, each list sorted by clock. */
export type DeletedRanges = Map<number, { clock: number; len: number }[]>;

/** A copy of `clients` (e.g. a Yjs DeleteSet's) with each client's ranges sorted by clock. */
export function sortedRanges(clients: ReadonlyMap<number, readonly { clock: number; len: number }[]>): DeletedRanges {
  const sorted: DeletedRanges = new Map();
  for (const [client, items] of clients) {
    sorted.set(
      client,
      items.map(({ clock, len }) => ({ clock, len })).sort((a, b) => a.clock - b.clock),
    );
  }
  return sorted;
}

/** True when every deleted range in `local` lies within the union of the ranges of `theirs` (sorted). */
export function deleteSetCovers(theirs: DeletedRanges, local: ReadonlyMap<number, readonly { clock: number; len: number }[]>): boolean {
  for (const [client, ranges] of sortedRanges(local)) {
    const other = theirs.get(client) ?? [];
    let index = 0;
    for (const { clock, len } of ranges) {
      let from = clock;
      const to = clock + len;
      while (from < to) {
        while (index < other.length && other[index].clock + other[index].len <= from) index++;
        const range = other[index];
        if (range === undefined || range.clock > from) return false;
        from = range.clock + range.len;
      }
    }
  }
  return true;
}
