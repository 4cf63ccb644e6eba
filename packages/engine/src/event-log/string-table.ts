/**
 * A dictionary of distinct strings: each value is stored once and events refer
 * to it by its index (dictionary encoding). Indices follow first appearance.
 */
export class StringTable {
  readonly values: string[] = [];
  private readonly indexByValue = new Map<string, number>();

  /** The index of `value`, adding it when it is new. */
  intern(value: string): number {
    let index = this.indexByValue.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.values.push(value);
      this.indexByValue.set(value, index);
    }
    return index;
  }

  /** The index of `value`, or −1 when the table does not hold it. */
  indexOf(value: string): number {
    return this.indexByValue.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}
