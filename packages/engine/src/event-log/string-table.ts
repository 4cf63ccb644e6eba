/**
 * A dictionary of distinct strings: each value is stored once and events refer
 * to it by its index (dictionary encoding). Indices follow first appearance.
 */
export class StringTable {
  readonly values: string[] = [];
  /** Built on first use: readers that dedupe by bytes never need it. */
  private indexByValue: Map<string, number> | undefined;

  /** The index of `value`, adding it when it is new. */
  intern(value: string): number {
    const index = this.lookup().get(value);
    if (index !== undefined) return index;
    return this.appendNew(value);
  }

  /**
   * Adds a value the caller knows is not in the table yet (a reader that
   * dedupes by bytes, where distinct valid UTF-8 means distinct strings).
   */
  appendNew(value: string): number {
    const index = this.values.length;
    this.values.push(value);
    this.indexByValue?.set(value, index);
    return index;
  }

  get size(): number {
    return this.values.length;
  }

  private lookup(): Map<string, number> {
    if (this.indexByValue === undefined) {
      this.indexByValue = new Map(this.values.map((value, index) => [value, index]));
    }
    return this.indexByValue;
  }
}
