/** Lists read and then dropped, in memory: what the Redis stores do with their peek-and-drop script. */

/**
 * The list at `key`, left in place; `drop` removes exactly the items read, and only while the list
 * still starts with them (items pushed since stay).
 */
export function peekList<T>(lists: Map<string, T[]>, key: string): { items: T[]; drop(): Promise<void> } {
  const items = [...(lists.get(key) ?? [])];
  return {
    items: structuredClone(items),
    async drop() {
      const list = lists.get(key) ?? [];
      if (items.every((item, i) => list[i] === item)) lists.set(key, list.slice(items.length));
      if (lists.get(key)?.length === 0) lists.delete(key);
    },
  };
}
