// Hold placement throughput and latency on one hot wallet, real Postgres.
// Usage: APP_ENV=test DATABASE_URL=postgres://postgres@127.0.0.1:5432/refill_bench npx tsx bench/ledger-holds.ts [holds] [concurrency]
import { closeDb, migrateDb } from "@/db/client";
import { createAccount } from "@/server/accounts/accounts";
import { createCtx, withTransaction } from "@/server/context";
import { checkLedger, placeHold } from "@/server/ledger";
import { createId } from "@/server/lib/ids";
import { recharges } from "@/db/schema";

const total = Number(process.argv[2] ?? 2000);
const concurrency = Number(process.argv[3] ?? 16);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  await migrateDb();
  const ctx = await createCtx({ type: "cli" });
  const acct = await createAccount({ ctx, input: { type: "merchant", name: "Bench", email: `bench-${Date.now()}@bench.test`, password: "password-123", currency: "BDT", credit: "100000000.00" } });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await withTransaction(ctx, async (tx) => {
          const id = createId("rch");
          await tx.db.insert(recharges).values({ id, accountId: acct.account_id, reference: id, requestHash: "bench", channel: "cli", service: "mobile", country: "BD", operator: "GP", target: "01712345678", amount: 2000n, currency: "BDT", status: "held" });
          await placeHold(tx, { walletId: acct.wallet_id, amount: 2000n, owner: { type: "recharge", id }, idempotencyKey: `bench-${acct.account_id}-${i}` });
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const violations = await checkLedger(ctx.db);
  console.log(
    JSON.stringify({
      holds: total,
      concurrency,
      seconds: Number(seconds.toFixed(2)),
      holds_per_second: Math.round(total / seconds),
      p50_ms: Number(percentile(latencies, 50).toFixed(1)),
      p95_ms: Number(percentile(latencies, 95).toFixed(1)),
      p99_ms: Number(percentile(latencies, 99).toFixed(1)),
      ledger_violations: violations.length,
    }),
  );
  await closeDb();
}

main();
