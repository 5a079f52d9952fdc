// Loaded into the benchmarked server (`node --import bench/mem-probe.mjs server/start.mjs`, by
// bench/ratio.ts only): every 250 ms one JSON line with the process' own memory, split the way V8 and
// Node see it, appended to BENCH_MEM_LOG. RSS alone cannot tell a leak (live objects that keep
// growing) from a heap V8 sized up under load, or from memory the allocator does not give back.
import { appendFileSync } from "node:fs";
import v8 from "node:v8";

const file = process.env.BENCH_MEM_LOG;
if (file) {
  const MiB = 2 ** 20;
  const mib = (n) => Math.round((10 * n) / MiB) / 10;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s]));
    const line = {
      t: Date.now(),
      rss: mib(m.rss),
      heapTotal: mib(m.heapTotal),
      heapUsed: mib(m.heapUsed),
      external: mib(m.external),
      arrayBuffers: mib(m.arrayBuffers),
      // V8's young generation (semi-spaces) and old generation, as sized (not as used).
      newSpace: mib(spaces.new_space?.space_size ?? 0),
      oldSpace: mib(spaces.old_space?.space_size ?? 0),
      oldUsed: mib(spaces.old_space?.space_used_size ?? 0),
      largeObjects: mib(spaces.large_object_space?.space_size ?? 0),
      code: mib(spaces.code_space?.space_size ?? 0),
      malloced: mib(heap.malloced_memory),
    };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {}
  }, 250);
  timer.unref();
}
