// The order the extension-host test files run in: the number their name starts with (`2-badInput`
// before `10-shelves`), then files without a number, by name. A later file may rely on what an
// earlier one left in the shared window, so the order is the one their numbers say.

/** The number a test file's name starts with (`10-shelves.test.js` → 10), or undefined. */
function leadingNumber(name: string): number | undefined {
  const match = /^(\d+)-/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** `names` in run order (a new array): numbered files by number, then the rest by name. */
export function runOrder(names: readonly string[]): string[] {
  return [...names].sort((a, b) => {
    const x = leadingNumber(a);
    const y = leadingNumber(b);
    if (x !== undefined && y !== undefined && x !== y) return x - y;
    if (x !== undefined && y === undefined) return -1;
    if (x === undefined && y !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
