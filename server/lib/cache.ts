// Per-process caches of rows that change rarely (catalog, provider ranking, commission slabs, system
// wallet ids). Each entry lives `ttlMs` at most, so a change made by another instance shows within
// that time; a change made in this process drops the cache at once (`invalidate`).

type Entry<V> = { value: Promise<V>; until: number };

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
      if (hit && hit.until > now) return hit.value;
      const born = generation;
      const value = load();
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { value, until: now + ttlMs });
      value.then(
        () => {
          // Invalidated while loading: the value may predate the change.
          if (born !== generation && entries.get(key)?.value === value) entries.delete(key);
        },
        () => {
          if (entries.get(key)?.value === value) entries.delete(key);
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
  const entries = new Map<string, { version: bigint; value: Promise<V> }>();
  const cache = {
    get(key: string, version: bigint, load: () => Promise<V>) {
      const hit = entries.get(key);
      if (hit && hit.version === version) return hit.value;
      const value = load();
      if (entries.size >= maxEntries) entries.clear();
      entries.set(key, { version, value });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
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
