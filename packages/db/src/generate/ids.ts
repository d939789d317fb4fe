// Deterministic uuids: <namespace>-<table tag>-4000-8000-<counter>. Ordered by
// counter within a table, so primary-key builds are sequential, and two runs
// with the same seed produce the same ids.
export type IdFactory = (table: string) => string;

export function createIdFactory(namespace: number): IdFactory {
  const prefix = (namespace >>> 0).toString(16).padStart(8, '0');
  const counters = new Map<string, number>();
  const tags = new Map<string, string>();
  return (table) => {
    let tag = tags.get(table);
    if (tag === undefined) {
      tag = (tags.size + 1).toString(16).padStart(4, '0');
      tags.set(table, tag);
    }
    const next = (counters.get(table) ?? 0) + 1;
    counters.set(table, next);
    return `${prefix}-${tag}-4000-8000-${next.toString(16).padStart(12, '0')}`;
  };
}
