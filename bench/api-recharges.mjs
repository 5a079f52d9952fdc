// POST /api/v1/recharges against a running server, then time until every order is final.
// Usage: node bench/api-recharges.mjs BASE_URL API_KEY API_SECRET [requests] [concurrency]
const [base, key, secret, n = "300", c = "8"] = process.argv.slice(2);
if (!secret) {
  console.error("usage: node bench/api-recharges.mjs BASE_URL API_KEY API_SECRET [requests] [concurrency]");
  process.exit(2);
}
const total = Number(n);
const concurrency = Number(c);
const auth = `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;
const run = Date.now();
const latencies = [];
const ids = [];
let next = 0;
let errors = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/recharges`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json" },
        body: JSON.stringify({ reference: `BENCH-${run}-${i}`, phone: `0171${String(1000000 + i).padStart(7, "0")}`, operator: "GP", amount: "10.00", allow_duplicate: true }),
      });
      latencies.push(performance.now() - t0);
      if (res.status !== 201) errors++;
      else ids.push((await res.json()).id);
    }
  }),
);
const createSeconds = (performance.now() - started) / 1000;
// Wait for every order to become final.
let pending = new Set(ids);
while (pending.size) {
  const still = new Set();
  for (const id of pending) {
    const r = await (await fetch(`${base}/api/v1/recharges/${id}`, { headers: { authorization: auth } })).json();
    if (r.status === "pending") still.add(id);
  }
  pending = still;
  if (pending.size) await new Promise((r) => setTimeout(r, 250));
}
const allFinalSeconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => Number(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1));
console.log(JSON.stringify({ requests: total, concurrency, errors, create_seconds: Number(createSeconds.toFixed(2)), creates_per_second: Math.round(total / createSeconds), p50_ms: pct(50), p95_ms: pct(95), p99_ms: pct(99), all_final_seconds: Number(allFinalSeconds.toFixed(2)) }));
