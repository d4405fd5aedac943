// The k best of a stream of candidates in O(n log k): a binary min-heap whose root is the worst kept.

export interface Candidate<T> {
  readonly score: number;
  /** Tie-break: larger first (creation time, so newer records win ties). */
  readonly tie: number;
  readonly item: T;
}

function better<T>(a: Candidate<T>, b: Candidate<T>): boolean {
  return a.score > b.score || (a.score === b.score && a.tie > b.tie);
}

export class TopK<T> {
  private readonly heap: Candidate<T>[] = [];

  constructor(private readonly k: number) {}

  offer(candidate: Candidate<T>): void {
    const { heap } = this;
    if (this.k <= 0) return;
    if (heap.length < this.k) {
      heap.push(candidate);
      this.up(heap.length - 1);
    } else if (better(candidate, heap[0])) {
      heap[0] = candidate;
      this.down(0);
    }
  }

  /** Would `offer` keep a candidate with this score and tie-break? (Saves making one that it would not.) */
  accepts(score: number, tie: number): boolean {
    if (this.heap.length < this.k) return this.k > 0;
    const worst = this.heap[0];
    return score > worst.score || (score === worst.score && tie > worst.tie);
  }

  /** Best first. */
  sorted(): Candidate<T>[] {
    return [...this.heap].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  }

  private up(index: number): void {
    const { heap } = this;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!better(heap[parent], heap[index])) break;
      [heap[parent], heap[index]] = [heap[index], heap[parent]];
      index = parent;
    }
  }

  private down(index: number): void {
    const { heap } = this;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let worst = index;
      if (left < heap.length && better(heap[worst], heap[left])) worst = left;
      if (right < heap.length && better(heap[worst], heap[right])) worst = right;
      if (worst === index) return;
      [heap[worst], heap[index]] = [heap[index], heap[worst]];
      index = worst;
    }
  }
}
