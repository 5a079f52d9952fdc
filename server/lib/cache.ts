// Per-process caches of rows that change rarely (catalog, provider ranking, commission slabs, system
// wallet ids). Each entry lives `ttlMs` at most, so a change made by another instance shows within
// that time; a change made in this process drops the cache at once (`invalidate`).

/**
 * While an entry loads it holds the load's promise; once loaded, only the value (a hit gets a fresh
 * promise of it). A promise made while serving a request keeps that request's async context (Next's
 * request store: the response, the request, its body) for as long as the promise lives, so caching the
 * promise itself kept ~1,000 finished requests in the heap (one per cached account's commission slabs;
 * heap snapshot, BENCHMARKS.md).
 */
type Slot<V> = { loading: Promise<V> | null; value?: V };

function slotOf<V>(load: Promise<V>): Slot<V> {
  const slot: Slot<V> = { loading: load };
  load.then(
    (value) => {
      slot.value = value;
      slot.loading = null;
    },
    () => {},
  );
  return slot;
}

const read = <V>(slot: Slot<V>): Promise<V> => slot.loading ?? Promise.resolve(slot.value as V);

type Entry<V> = { slot: Slot<V>; until: number };

const registry = new Set<{ clear(): void }>();

export type TtlCache<V> = {
  /** The cached value for `key`, or `load()`'s (one load at a time per key; failures are not kept). */
  get(key: string, load: () => Promise<V>): Promise<V>;
  invalidate(): void;
};

export function ttlCache<V>(ttlMs: number, maxEntries = 1000): TtlCache<V> {
  const entries = new Map<string, Entry<V>>();
  let generation = 0;
  const cache = {
    get(key: string, load: () => Promise<V>) {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.until > now) return read(hit.slot);
      const born = generation;
      const value = load();
      if (entries.size >= maxEntries) entries.clear();
      const entry: Entry<V> = { slot: slotOf(value), until: now + ttlMs };
      entries.set(key, entry);
      value.then(
        () => {
          // Invalidated while loading: the value may predate the change.
          if (born !== generation && entries.get(key) === entry) entries.delete(key);
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return value;
    },
    invalidate() {
      generation += 1;
      entries.clear();
    },
    clear() {
      cache.invalidate();
    },
  };
  registry.add(cache);
  return cache;
}

/** Drops every process cache (the database was closed or swapped). */
export function clearProcessCaches() {
  for (const c of registry) c.clear();
  for (const hook of hooks) hook();
}

const hooks = new Set<() => void>();
export function onClearProcessCaches(hook: () => void) {
  hooks.add(hook);
}

export type VersionedCache<V> = {
  /** The value cached for `key` under `version`, or `load()`'s, kept for that version. */
  get(key: string, version: bigint, load: () => Promise<V>): Promise<V>;
};

/**
 * A per-process cache whose entries hold for one configuration version (the `config_version` row,
 * moved by database triggers on every change): nothing is ever served across a change.
 */
export function versionedCache<V>(maxEntries = 5000): VersionedCache<V> {
  const entries = new Map<string, { version: bigint; slot: Slot<V> }>();
  const cache = {
    get(key: string, version: bigint, load: () => Promise<V>) {
      const hit = entries.get(key);
      if (hit && hit.version === version) return read(hit.slot);
      const value = load();
      if (entries.size >= maxEntries) entries.clear();
      const entry = { version, slot: slotOf(value) };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    clear() {
      entries.clear();
    },
  };
  registry.add(cache);
  return cache;
}
