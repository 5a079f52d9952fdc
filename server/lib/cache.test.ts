import { AsyncLocalStorage } from "node:async_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { ttlCache, versionedCache } from "./cache";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * Loads `key` inside an async context standing for a request (as Next's request store does), and
 * returns a weak reference to that context's store once the "request" is over.
 */
async function loadInRequest(get: (load: () => Promise<number>) => Promise<number>) {
  const als = new AsyncLocalStorage<{ response: number[] }>();
  let store!: WeakRef<object>;
  const value = await als.run({ response: new Array(10_000).fill(1) }, async () => {
    store = new WeakRef(als.getStore()!);
    return get(async () => 42);
  });
  return { value, store };
}

async function collected(ref: WeakRef<object>) {
  for (let i = 0; i < 5 && ref.deref(); i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
  return ref.deref() === undefined;
}

describe("process caches", () => {
  test("a cached value does not keep the request it was loaded in alive (versioned cache)", async () => {
    const cache = versionedCache<number>();
    const { value, store } = await loadInRequest((load) => cache.get("acc_1|GP", 7n, load));
    expect(value).toBe(42);
    expect(await collected(store)).toBe(true);
    // Still cached: a hit does not load again.
    let loads = 0;
    expect(
      await cache.get("acc_1|GP", 7n, async () => {
        loads += 1;
        return 0;
      }),
    ).toBe(42);
    expect(loads).toBe(0);
  });

  test("a cached value does not keep the request it was loaded in alive (TTL cache)", async () => {
    const cache = ttlCache<number>(60_000);
    const { value, store } = await loadInRequest((load) => cache.get("k", load));
    expect(value).toBe(42);
    expect(await collected(store)).toBe(true);
    expect(await cache.get("k", async () => 0)).toBe(42);
  });

  test("concurrent gets while loading share one load; a failed load is not kept", async () => {
    const cache = versionedCache<number>();
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 5));
      return loads;
    };
    expect(await Promise.all([cache.get("k", 1n, load), cache.get("k", 1n, load)])).toEqual([1, 1]);
    await expect(cache.get("bad", 1n, async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("bad", 1n, async () => 5)).toBe(5);
    // Another version loads again.
    expect(await cache.get("k", 2n, load)).toBe(2);
  });
});
