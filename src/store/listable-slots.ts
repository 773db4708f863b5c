/**
 * A growable row of slots, each listable or not, with a Fenwick tree over them
 * so "the nearest listable slot before/after i" costs O(log n) however many
 * unlistable slots (removed objects, deleted stubs) lie in between.
 */
export class ListableSlots {
  private flags = new Uint8Array(64);
  /** Fenwick tree, 1-based: tree[j] sums flags (j - lowbit(j), j]. */
  private tree = new Int32Array(65);
  private capacity = 64;
  private length = 0;
  private listable = 0;

  get size(): number {
    return this.length;
  }

  /** Number of listable slots. */
  get count(): number {
    return this.listable;
  }

  push(flag: boolean): void {
    if (this.length === this.capacity) this.grow();
    this.length += 1;
    if (flag) this.set(this.length - 1, true);
  }

  pop(): void {
    if (this.length === 0) return;
    this.set(this.length - 1, false);
    this.length -= 1;
  }

  get(i: number): boolean {
    return i >= 0 && i < this.length && this.flags[i] === 1;
  }

  set(i: number, flag: boolean): void {
    if (i < 0 || i >= this.length) throw new RangeError(`slot ${i} out of range`);
    const value = flag ? 1 : 0;
    if (this.flags[i] === value) return;
    this.flags[i] = value;
    const delta = flag ? 1 : -1;
    this.listable += delta;
    for (let j = i + 1; j <= this.capacity; j += j & -j) this.tree[j] += delta;
  }

  /** The highest listable slot ≤ i, or -1. */
  prevAtOrBefore(i: number): number {
    if (i < 0 || this.length === 0) return -1;
    if (i >= this.length) i = this.length - 1;
    if (this.flags[i] === 1) return i;
    const k = this.prefix(i);
    return k === 0 ? -1 : this.kth(k);
  }

  /** The lowest listable slot ≥ i, or -1. */
  nextAtOrAfter(i: number): number {
    if (i < 0) i = 0;
    if (i >= this.length) return -1;
    if (this.flags[i] === 1) return i;
    const k = (i === 0 ? 0 : this.prefix(i - 1)) + 1;
    return k > this.listable ? -1 : this.kth(k);
  }

  /** Number of listable slots in [0, i]. */
  private prefix(i: number): number {
    let sum = 0;
    for (let j = i + 1; j > 0; j -= j & -j) sum += this.tree[j];
    return sum;
  }

  /** The slot of the k-th listable slot (1-based k ≤ count). */
  private kth(k: number): number {
    let pos = 0;
    let step = 1;
    while (step * 2 <= this.capacity) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.capacity && this.tree[next] < k) {
        pos = next;
        k -= this.tree[next];
      }
    }
    return pos; // 1-based pos + 1 is the slot; 0-based it is pos
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    const tree = new Int32Array(capacity + 1);
    for (let j = 1; j <= capacity; j++) tree[j] = flags[j - 1];
    for (let j = 1; j <= capacity; j++) {
      const parent = j + (j & -j);
      if (parent <= capacity) tree[parent] += tree[j];
    }
    this.flags = flags;
    this.tree = tree;
    this.capacity = capacity;
  }
}
