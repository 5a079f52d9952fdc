// `npm run test:two-instances`: many workers, one database (issue #8, "Many workers").
//
// Two production servers (`next start`, the same build) on one fresh Postgres database, each with
// its embedded background driver; the simulators as their own process (`npm run sim`), slow enough
// that a sweep over the due orders takes longer than a lease, so the two instances' sweeps overlap
// on the same rows; a few hundred orders sent across both (plus the same reference raced to both,
// and the same top-up under two references raced to both). Then, from the database and from the
// simulators' own books: every order final, performed by at most one provider (the one we booked),
// held once and captured at most once, one order per raced reference, one per raced top-up, and
// `ledger check` clean.
//
//   npm run build && npm run test:two-instances                 300 orders (about 3-4 minutes here)
//   TWO_ORDERS=120 npm run test:two-instances                   the bounded form the e2e tier runs
//
// Settings: TWO_PORT (first server; the second is +1, default 3950), TWO_SIM_PORT (4150),
// TWO_ORDERS (300), TWO_DB_PREFIX (refill_two), TEST_DATABASE_ADMIN_URL (local Postgres, as the
// integration tests). Loopback only; every loop bounded in count and time. Exit 1 on any violation.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { allFinal, type Check, chargedOnce, ledgerCheck, noAcceptedOrderLost, performedOnce, summarize } from "./faults/checks";
import { Load, type Merchant, type Sent } from "./faults/load";
import { AppServer, SimServer } from "./faults/procs";
import { assertLocal, databaseUrl, withAdmin } from "../test/pg";

const run = promisify(execFile);
const PORT = Number(process.env.TWO_PORT ?? 3950);
const SIM_PORT = Number(process.env.TWO_SIM_PORT ?? 4150);
const ORDERS = Number(process.env.TWO_ORDERS ?? 300);
const CONCURRENCY = 12;
const DB_NAME = `${process.env.TWO_DB_PREFIX ?? "refill_two"}_${randomBytes(4).toString("hex")}`;
/** Provider latencies (ms) and timeout: 50 due orders × ~1 s per call is well over a 34 s submit lease. */
const LATENCY = { alpha: 1_000, bravo: 800, charlie: 800 } as const;
const TIMEOUT_MS = 4_000;
const FINAL_BUDGET_MS = Math.max(180_000, ORDERS * 1_000);
// Plain successes, pending-then-success, pending-then-fail, definite failures, and timeouts that the
// provider performed but shows to status checks only a few seconds later.
const ENDINGS = ["", "", "", "", "002", "003", "001", "004"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
process.env.SIM_CONTROL_TOKEN ??= "two-instances-sim-control-token-0123456789";
if (!existsSync(path.resolve(process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
  console.error("No production build: run `npm run build` first.");
  process.exit(2);
}

const simDir = mkdtempSync(path.join(tmpdir(), "refill-two-sim-"));
const sim = new SimServer(SIM_PORT, simDir);
const dbUrl = databaseUrl(DB_NAME);
assertLocal(dbUrl);

const appEnv: Record<string, string> = {
  DATABASE_URL: dbUrl,
  APP_ENV: "production",
  SIMULATOR: "on",
  SIM_BASE_URL: sim.origin,
  NEXTAUTH_SECRET: "two-instances-session-secret-0123456789abcdef",
  ENCRYPTION_KEY: "two-instances-encryption-key-0123456789abcdef",
  STATUS_CHECK_BASE_MS: "1000",
  // The post-success reversal look is not what this run is about; keep it out of the window.
  REVERSAL_CHECK_DELAY_SECONDS: "3600",
  SEED_API_WAIT_MS: "500",
  API_RATE_LIMIT_PER_MINUTE: "1000000",
  LOG_LEVEL: "warn",
  NEXT_TELEMETRY_DISABLED: "1",
};
const servers = [new AppServer("two-1", PORT, appEnv), new AppServer("two-2", PORT + 1, appEnv)];

async function cli(...argv: string[]) {
  const { stdout } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/cli/main.ts", ...argv, "--json"], {
    env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: "silent", APP_ENV: "development" },
  });
  return JSON.parse(stdout);
}

/** `count` requests over both servers, `CONCURRENCY` at a time, alternating origins. */
async function send(load: Load, count: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = next++; i < count; i = next++) await load.sendOne(servers[(i + w) % 2].origin);
    }),
  );
}

/** The same request raced to both servers at once: one order, both told about it. */
async function raceSameReference(load: Load, pairs: number) {
  const out: Sent[][] = [];
  for (let i = 0; i < pairs; i++) {
    const merchant = load.opts.merchants[i % load.opts.merchants.length];
    const over = { channel: "api" as const, merchant, reference: `TWO-REF-${i}-${Date.now()}`, phone: `0171${String(7_000_000 + i).padStart(7, "0")}`, amount: "25" };
    out.push(await Promise.all(servers.map((s) => load.sendOne(s.origin, over))));
  }
  return out;
}

async function main() {
  const started = Date.now();
  await withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${DB_NAME}`));
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  const checks: Check[] = [];
  try {
    await sim.start();
    // The first boot migrates and registers the simulated providers; then the operator's settings
    // (timeouts) and the slow providers; then the second instance.
    await servers[0].start();
    await sql`UPDATE providers SET timeout_ms = ${TIMEOUT_MS}, updated_at = now()`;
    for (const [name, latency] of Object.entries(LATENCY)) await sim.control(name, { latency_ms: latency, timeout_visible_after_ms: 3_000 });
    await servers[1].start();

    const merchants: Merchant[] = await Promise.all(
      [1, 2, 3].map((i) => cli("account", "create", "--type", "merchant", "--name", `Two ${i}`, "--email", `two-${i}@two.test`, "--password", "two-password-1", "--currency", "BDT", "--credit", "10000000.00")),
    );
    const load = new Load({ origins: servers.map((s) => s.origin), merchants, concurrency: CONCURRENCY, seedShare: 0.1, endings: ENDINGS, timeoutMs: 30_000 });

    // 1. The bulk of the orders, over both servers.
    await send(load, ORDERS);
    // 2. Replays raced across instances: one order per reference.
    const raced = await raceSameReference(load, 20);
    // 3. A provider outage mid-run: definite failures fail over, its breaker opens, then one probe.
    await sim.control("alpha", { down: true });
    await send(load, Math.ceil(ORDERS / 10));
    await sleep(2_000);
    await sim.control("alpha", { down: false });
    const sentAt = Date.now();
    console.log(`sent ${load.sent.length} requests in ${Math.round((sentAt - started) / 1000)} s: ${summarize(load.sent)}`);

    await load.retryUnknown(servers[0].origin);
    checks.push(await noAcceptedOrderLost(sql, load));
    const final = await allFinal(sql, load, FINAL_BUDGET_MS);
    checks.push(final);
    checks.push(await chargedOnce(sql, load));
    checks.push(await performedOnce(sql, load, await sim.orders()));
    checks.push(oneOrderPerRace(raced));
    checks.push(ledgerCheck(dbUrl));
    console.log(`settled in ${Math.round(final.waitedMs / 1000)} s`);
  } finally {
    await Promise.all(servers.map((s) => s.kill("SIGTERM")));
    await sim.stop();
    await sql.end({ timeout: 2 });
    if (!process.env.TWO_KEEP) {
      await withAdmin((admin) => admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
      rmSync(simDir, { recursive: true, force: true });
    }
  }
  for (const c of checks) console.log(`${c.ok ? "✓" : "✗"} ${c.name} — ${c.detail}${c.ok ? "" : `\n    ${JSON.stringify(c.violations).slice(0, 2000)}`}`);
  console.log(`two instances: ${Math.round((Date.now() - started) / 1000)} s`);
  return checks.every((c) => c.ok);
}

function oneOrderPerRace(raced: Sent[][]): Check {
  const bad = raced.filter((pair) => {
    const ids = new Set(pair.map((s) => s.orderId));
    return ids.size !== 1 || ids.has(null);
  });
  return {
    name: "a reference raced to both instances is one order",
    ok: bad.length === 0,
    detail: `${raced.length} references sent to both servers at once`,
    violations: bad.map((pair) => pair.map((s) => ({ reference: s.reference, status: s.status, id: s.orderId }))),
  };
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
