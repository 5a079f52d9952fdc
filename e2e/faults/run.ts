// `npm run faults`: break the product on purpose and prove it loses nothing (issue: fault suite).
//
// Against the production build (built if missing) on a Postgres cluster of its own, with the
// simulators as their own process (`npm run sim`, the independent witness), every scenario runs a
// steady load of creates (v1 API and the seed endpoint mixed), injects its fault, lets the system
// settle, and checks: no accepted order lost, every order final, held once and charged at most once,
// performed at most once by the simulators' own books, webhooks delivered and verified, `ledger
// check` clean. Loopback only; every loop is bounded in count and time.
//
//   npm run faults                      the full run; writes RELIABILITY.md
//   npm run faults -- --short           small counts (CI); writes test-results/faults/report.md
//   npm run faults -- --only kill,pg    some scenarios
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { allFinal, type Check, chargedOnce, ledgerCheck, noAcceptedOrderLost, performedOnce, summarize, webhooksDelivered } from "./checks";
import { Load, type Merchant, type Sent } from "./load";
import { PgCluster } from "./pg";
import { AppServer, killAllChildren, LOG_DIR, SimServer, waitFor } from "./procs";
import { Receiver } from "./receiver";

const run = promisify(execFile);
const args = process.argv.slice(2);
const SHORT = args.includes("--short") || process.env.FAULTS_SHORT === "1";
const ONLY = args.includes("--only") ? args[args.indexOf("--only") + 1].split(",") : null;
const BASE_PORT = Number(process.env.FAULTS_PORT ?? 3900);
const PG_PORT = Number(process.env.FAULTS_PG_PORT ?? 55432);
const SIM_PORT = Number(process.env.FAULTS_SIM_PORT ?? 4180);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (min: number, max: number) => min + Math.random() * (max - min);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAllChildren();
    pg.destroy();
    process.exit(130);
  });
}

process.env.SIM_CONTROL_TOKEN ??= "faults-sim-control-token-0123456789";

type Result = { scenario: string; load: string; faults: string; figures: Record<string, string | number>; checks: Check[]; seconds: number };
const results: Result[] = [];

const pg = new PgCluster(PG_PORT, 60);
const sim = new SimServer(SIM_PORT, mkdtempSync(path.join(tmpdir(), "refill-faults-sim-")));

function appEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    APP_ENV: "development",
    NEXTAUTH_SECRET: "faults-session-secret-0123456789abcdef0123456789",
    ENCRYPTION_KEY: "faults-encryption-key-0123456789abcdef0123456789",
    SIMULATOR: "on",
    SIM_BASE_URL: sim.origin,
    STATUS_CHECK_BASE_MS: "300",
    // A provider may perform an order it does not yet show: 20 s here (4 s is the late scenario's lag).
    PROVIDER_NOT_FOUND_WINDOW_SECONDS: "20",
    SEED_API_WAIT_MS: "1500",
    REVERSAL_CHECK_DELAY_SECONDS: "2",
    BREAKER_COOLDOWN_SECONDS: "3",
    WEBHOOK_RETRY_SECONDS: "1,1,2,2,3,3,4,4,5,5,5,5,5,5,5,5,5,5,5,5",
    API_RATE_LIMIT_PER_MINUTE: "1000000",
    API_IP_RATE_LIMIT_PER_MINUTE: "1000000",
    DB_CONNECT_TIMEOUT_SECONDS: "2",
    DB_LOCK_TIMEOUT_MS: "2000",
    DB_STATEMENT_TIMEOUT_MS: "5000",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}

type World = { name: string; dbUrl: string; sql: postgres.Sql; servers: AppServer[]; merchants: Merchant[]; receiver: Receiver };

async function cli(databaseUrl: string, ...argv: string[]) {
  const { stdout } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/cli/main.ts", ...argv, "--json"], {
    env: { ...process.env, ...appEnv(databaseUrl), LOG_LEVEL: "silent" },
  });
  return JSON.parse(stdout);
}

/** A fresh database, the app on it (migrated and seeded), merchants, a webhook receiver. */
async function world(name: string, opts: { instances?: number; merchants?: number; env?: Record<string, string> } = {}): Promise<World> {
  const dbUrl = await pg.createDatabase(`refill_faults_${name}`);
  const servers = Array.from({ length: opts.instances ?? 1 }, (_, i) => new AppServer(`${name}-${i + 1}`, BASE_PORT + i, appEnv(dbUrl, opts.env)));
  // First boot migrates and registers the simulated providers; then tune them as an operator would
  // for a fault run (short timeouts), and boot again so every process reads the tuned rows.
  await servers[0].start();
  await servers[0].kill("SIGTERM");
  const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
  await sql`UPDATE providers SET timeout_ms = 2000`;
  const merchants = await Promise.all(
    Array.from({ length: opts.merchants ?? 3 }, (_, i) =>
      cli(dbUrl, "account", "create", "--type", "merchant", "--name", `Faults ${name} ${i + 1}`, "--email", `faults-${name}-${i + 1}@faults.test`, "--password", "faults-password-1", "--currency", "BDT", "--credit", "10000000.00"),
    ),
  );
  const secrets = new Map(merchants.map((m: Merchant) => [m.account_id, m.webhook_secret]));
  const receiver = new Receiver(secrets);
  await receiver.start();
  current = { name, dbUrl, sql, servers, merchants, receiver };
  await Promise.all(servers.map((s) => s.start()));
  return current;
}

let current: World | null = null;

async function teardown(w: World) {
  if (current === w) current = null;
  await Promise.all(w.servers.map((s) => s.kill("SIGTERM")));
  await w.receiver.stop();
  await w.sql.end({ timeout: 2 });
}

/** The checks every scenario ends on. */
async function settleAndCheck(w: World, load: Load, opts: { finalBudgetMs?: number; webhooks?: boolean } = {}) {
  await load.retryUnknown(w.servers.find((s) => s.pid)!.origin);
  const checks: Check[] = [];
  checks.push(await noAcceptedOrderLost(w.sql, load));
  const final = await allFinal(w.sql, load, opts.finalBudgetMs ?? 120_000);
  checks.push(final);
  checks.push(await chargedOnce(w.sql, load));
  checks.push(await performedOnce(w.sql, load, await sim.orders()));
  if (opts.webhooks !== false) checks.push(await webhooksDelivered(w.sql, load, w.receiver, 60_000));
  checks.push(ledgerCheck(w.dbUrl));
  return { checks, settleMs: final.waitedMs };
}

const ENDINGS = ["", "", "", "", "002", "003", "004", "005"];

function loadFor(w: World, extra: Partial<ConstructorParameters<typeof Load>[0]> = {}) {
  return new Load({ origins: w.servers.map((s) => s.origin), merchants: w.merchants, concurrency: 6, notifyUrl: w.receiver.url, seedShare: 0.3, endings: ENDINGS, ...extra });
}

function figures(load: Load, extra: Record<string, string | number> = {}) {
  const accepted = load.accepted().length;
  return { requests: load.sent.length, "answered 2xx": accepted, answers: summarize(load.sent), ...extra };
}

async function scenario(name: string, fn: () => Promise<Omit<Result, "scenario" | "seconds">>) {
  if (ONLY && !ONLY.some((o) => name.startsWith(o))) return;
  const started = Date.now();
  process.stdout.write(`\n▶ ${name}\n`);
  try {
    await sim.ensureUp();
    const r = await fn();
    results.push({ scenario: name, seconds: Math.round((Date.now() - started) / 1000), ...r });
  } catch (error) {
    results.push({ scenario: name, seconds: Math.round((Date.now() - started) / 1000), load: "-", faults: "-", figures: {}, checks: [{ name: "scenario ran to the end", ok: false, detail: String((error as Error).stack ?? error).slice(0, 1500), violations: [] }] });
  } finally {
    // A scenario that threw leaves its world behind: take it down so the next one starts clean.
    if (current) await teardown(current).catch(() => {});
    current = null;
  }
  const r = results.at(-1)!;
  process.stdout.write(`  load: ${r.load}\n  faults: ${r.faults}\n  figures: ${JSON.stringify(r.figures)}\n`);
  for (const c of r.checks) process.stdout.write(`  ${c.ok ? "✓" : "✗"} ${c.name} — ${c.detail}${c.ok ? "" : `\n      ${JSON.stringify(c.violations).slice(0, 1500)}`}\n`);
}

async function scenarios() {
  // 1. kill -9 the server at random moments under load, restart it.
  await scenario("kill: kill -9 the server mid-load and restart it", async () => {
    const kills = SHORT ? 3 : 20;
    const w = await world("kill");
    const load = loadFor(w);
    const restarts: number[] = [];
    load.start();
    for (let i = 0; i < kills; i++) {
      // Alternate fast and slow providers, so kills land during creates, provider calls and settlements.
      await sim.control("alpha", { latency_ms: i % 2 ? 400 : 0 });
      await sleep(rand(1500, 4000));
      await w.servers[0].kill("SIGKILL");
      restarts.push(await w.servers[0].start());
    }
    await sleep(2000);
    await load.stop();
    await sim.control("alpha", { latency_ms: 0 });
    const { checks, settleMs } = await settleAndCheck(w, load);
    await teardown(w);
    return {
      load: "6 concurrent callers, 70 % v1 / 30 % seed, outcomes 001–005 mixed",
      faults: `${kills} × kill -9 at random moments (provider latency alternating 0 / 400 ms), immediate restart`,
      figures: figures(load, { kills, "restart to healthy p50 (ms)": restarts.sort((a, b) => a - b)[Math.floor(restarts.length / 2)], "settle after load (s)": Math.round(settleMs / 1000) }),
      checks,
    };
  });

  // 2. A provider goes down mid-load, then comes back.
  await scenario("provider-down: a provider goes down mid-load and comes back", async () => {
    const w = await world("down");
    const load = loadFor(w, { endings: ["", "", "002"] });
    load.start();
    await sleep(3000);
    const [{ provider } = { provider: "alpha" }] = await w.sql<{ provider: string }[]>`
      SELECT provider FROM recharges WHERE provider IS NOT NULL GROUP BY provider ORDER BY count(*) DESC LIMIT 1`;
    await sim.control(provider, { down: true });
    const seen = new Set<string>();
    const watch = (async () => {
      for (let i = 0; i < (SHORT ? 60 : 150); i++) {
        const [b] = await w.sql<{ state: string }[]>`SELECT state FROM provider_breakers WHERE provider = ${provider}`;
        if (b) seen.add(b.state);
        await sleep(100);
      }
    })();
    await sleep(SHORT ? 6000 : 15_000);
    await sim.control(provider, { down: false });
    await watch;
    // Back up: the breaker must close again (a probe succeeds) while the load goes on.
    let closedAfterMs = -1;
    const back = Date.now();
    try {
      await waitFor("breaker closed", async () => (await w.sql`SELECT 1 FROM provider_breakers WHERE provider = ${provider} AND state = 'closed'`).length > 0, 30_000, 200);
      closedAfterMs = Date.now() - back;
    } catch {}
    await load.stop();
    const { checks } = await settleAndCheck(w, load);
    // Failover only after a definite failure: an order that moved provider had its earlier one fail.
    const moved = await w.sql<{ recharge_id: string; outcomes: string[] }[]>`
      SELECT recharge_id, array_agg(provider || ':' || outcome ORDER BY id) AS outcomes FROM provider_calls
      WHERE recharge_id IS NOT NULL AND operation = 'submit' GROUP BY recharge_id HAVING count(DISTINCT provider) > 1`;
    const unsafe = moved.filter((m) => m.outcomes.slice(0, -1).some((o) => !o.split(":")[1]?.startsWith("failed")));
    checks.push({ name: "failover only after a definite failure", ok: unsafe.length === 0, detail: `${moved.length} orders failed over`, violations: unsafe.slice(0, 10) });
    checks.push({ name: "breaker opened during the outage", ok: seen.has("open") || seen.has("half_open"), detail: `states seen: ${[...seen].join(", ") || "none"}`, violations: [] });
    checks.push({ name: "breaker closed again after recovery", ok: closedAfterMs >= 0, detail: closedAfterMs >= 0 ? `closed ${closedAfterMs} ms after the provider came back` : "still not closed after 30 s", violations: [] });
    await teardown(w);
    return {
      load: "6 concurrent callers, v1 and seed mixed",
      faults: `${provider} down for ${SHORT ? 6 : 15} s (refuses every call), then back`,
      figures: figures(load, { "failed over": moved.length, "breaker closed after (ms)": closedAfterMs }),
      checks,
    };
  });

  // 3. A provider answers after our timeout but performs the order; another performs late after
  //    answering "no such order" at first.
  await scenario("late: providers that perform after our timeout, or show the order late", async () => {
    const w = await world("late");
    // Every submit's answer is lost half the time (latency past the 2 s timeout on alpha), and an
    // order whose answer was lost stays invisible to status checks for a while.
    for (const p of ["alpha", "bravo", "charlie"]) await sim.control(p, { timeout_visible_after_ms: 4000 });
    await sim.control("alpha", { latency_ms: 2500 });
    const load = loadFor(w, { endings: ["", "004"], concurrency: 4 });
    load.start();
    await sleep(SHORT ? 6000 : 20_000);
    await load.stop();
    // alpha recovers its speed (its status answers would time out too), but keeps showing timed-out
    // orders late: the first checks hear "no such order", and must not move the order elsewhere.
    await sim.control("alpha", { latency_ms: 0 });
    const { checks } = await settleAndCheck(w, load, { finalBudgetMs: 150_000 });
    for (const p of ["alpha", "bravo", "charlie"]) await sim.control(p, { timeout_visible_after_ms: 0 });
    const [{ unknowns }] = await w.sql<{ unknowns: number }[]>`
      SELECT count(DISTINCT recharge_id)::int AS unknowns FROM provider_calls WHERE operation = 'submit' AND outcome IN ('unknown', 'pending')`;
    const sentElsewhere = await w.sql<{ recharge_id: string }[]>`
      SELECT c.recharge_id FROM provider_calls c WHERE c.operation = 'submit' AND c.outcome = 'unknown'
        AND EXISTS (SELECT 1 FROM provider_calls d WHERE d.recharge_id = c.recharge_id AND d.operation = 'submit' AND d.provider <> c.provider)`;
    checks.push({ name: "no order with an unknown submit sent elsewhere", ok: sentElsewhere.length === 0, detail: `${unknowns} orders had an unknown submit`, violations: sentElsewhere.slice(0, 10) });
    await teardown(w);
    return {
      load: "4 concurrent callers; half the numbers end in 004 (times out, performed)",
      faults: "alpha answers after our 2 s timeout; every provider shows a timed-out order only 4 s later",
      figures: figures(load, { "orders with an unknown submit": unknowns }),
      checks,
    };
  });

  // 4. Postgres restarted mid-load.
  await scenario("pg-restart: Postgres restarted mid-load", async () => {
    const w = await world("pgrestart");
    const load = loadFor(w, { timeoutMs: 10_000 });
    load.start();
    await sleep(3000);
    const downAt = Date.now();
    pg.stop("fast");
    await sleep(SHORT ? 3000 : 8000);
    pg.start();
    const upAt = Date.now();
    // Recovery: the first create that succeeds after Postgres is back.
    let recoveryMs = -1;
    const probe = new Load({ origins: [w.servers[0].origin], merchants: w.merchants, concurrency: 1, endings: [""], seedShare: 0, notifyUrl: w.receiver.url });
    for (let i = 0; i < 100; i++) {
      const s = await probe.sendOne(w.servers[0].origin, { channel: "api" });
      if (s.orderId) {
        recoveryMs = Date.now() - upAt;
        break;
      }
      await sleep(100);
    }
    await sleep(3000);
    await load.stop();
    const during = load.sent.filter((s) => isWithin(s, downAt, upAt));
    const { checks } = await settleAndCheck(w, mergeLoads(load, probe));
    checks.push(outageAnswers(during));
    checks.push({ name: "recovery within 5 s of Postgres being back", ok: recoveryMs >= 0 && recoveryMs <= 5000, detail: `first successful create ${recoveryMs} ms after Postgres was back`, violations: [] });
    await teardown(w);
    return {
      load: "6 concurrent callers, v1 and seed mixed",
      faults: `Postgres stopped (fast: every connection cut) for ${SHORT ? 3 : 8} s, then started`,
      figures: figures(load, { "requests during the outage": during.length, "recovery (ms)": recoveryMs, "slowest answer during the outage (ms)": Math.max(0, ...during.map((s) => s.ms)) }),
      checks,
    };
  });

  // 5. Postgres out of connections, and very slow (locks held on the hot rows).
  await scenario("pg-slow: Postgres out of connections, and hot rows locked", async () => {
    const w = await world("pgslow");
    const load = loadFor(w, { timeoutMs: 10_000, endings: [""] });
    load.start();
    await sleep(2000);
    // (a) Every wallet of the merchants locked by a transaction that sleeps.
    const lockStart = Date.now();
    const locker = postgres(w.dbUrl, { max: 1, onnotice: () => {} });
    const holding = locker
      .begin(async (tx) => {
        await tx`SELECT id FROM wallets WHERE account_id IN ${tx(w.merchants.map((m) => m.account_id))} FOR UPDATE`;
        await tx`SELECT pg_sleep(${SHORT ? 5 : 12})`;
      })
      .catch(() => {});
    await holding;
    const lockEnd = Date.now();
    await locker.end();
    const lockedAnswers = load.sent.filter((s) => overlaps(s, lockStart + 100, lockEnd));
    // (b) Out of connections: take every free slot, then cut the app's own connections.
    const hog: postgres.Sql[] = [];
    const hogStart = Date.now();
    try {
      for (let i = 0; i < 80; i++) {
        const c = postgres(w.dbUrl, { max: 1, onnotice: () => {}, connect_timeout: 2 });
        await c`SELECT 1`;
        hog.push(c);
      }
    } catch {}
    await w.sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'refill' AND pid <> pg_backend_pid()`.catch(() => {});
    await sleep(SHORT ? 3000 : 8000);
    await Promise.all(hog.map((c) => c.end({ timeout: 1 })));
    const hogEnd = Date.now();
    const starvedAnswers = load.sent.filter((s) => overlaps(s, hogStart + 500, hogEnd));
    // Recovery: the first create that succeeds once the connections are free again.
    let recoveryMs = -1;
    for (let i = 0; i < 100 && recoveryMs < 0; i++) {
      const s = await load.sendOne(w.servers[0].origin, { channel: "api" });
      if (s.orderId) recoveryMs = Date.now() - hogEnd;
      else await sleep(150);
    }
    await load.stop();
    const { checks } = await settleAndCheck(w, load);
    checks.push(outageAnswers(lockedAnswers, "while the hot rows were locked"));
    checks.push(outageAnswers(starvedAnswers, "while out of connections"));
    const alive = (await fetch(`${w.servers[0].origin}/api/health`).catch(() => null))?.ok ?? false;
    checks.push({ name: "the server stayed up and recovered within 5 s", ok: alive && recoveryMs >= 0 && recoveryMs <= 5000, detail: `first successful create ${recoveryMs} ms after the connections were freed`, violations: [] });
    await teardown(w);
    return {
      load: "6 concurrent callers",
      faults: `the merchants' wallet rows locked for ${SHORT ? 5 : 12} s; then every free connection taken and the app's connections cut for ${SHORT ? 3 : 8} s`,
      figures: figures(load, { "answers while locked": summarize(lockedAnswers), "answers while starved": summarize(starvedAnswers), "held connections": hog.length, "recovery (ms)": recoveryMs }),
      checks,
    };
  });

  // 6. The merchant's webhook receiver misbehaves.
  await scenario("webhooks: receiver down, 500, slow, 410", async () => {
    const w = await world("hooks", { merchants: 2 });
    const load = loadFor(w, { endings: ["", "001"], seedShare: 0, merchants: [w.merchants[0]] });
    await w.receiver.down();
    load.start();
    // Each misbehaviour lasts its time and until deliveries have actually met it (bounded).
    const refusedAttempts = async () => (await w.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM webhook_attempts WHERE status_code IS NULL`)[0].n;
    await sleep(SHORT ? 4000 : 10_000);
    await waitFor("deliveries refused", async () => (await refusedAttempts()) >= 3, 30_000, 250).catch(() => {});
    const refused = await refusedAttempts();
    await w.receiver.up();
    w.receiver.mode = "500";
    await sleep(SHORT ? 3000 : 8000);
    await waitFor("500s answered", async () => (w.receiver.attemptsByMode["500"] ?? 0) >= 3, 30_000, 250).catch(() => {});
    w.receiver.mode = "slow";
    await waitFor("a slow answer", async () => (w.receiver.attemptsByMode.slow ?? 0) >= 1, 30_000, 250).catch(() => {});
    await sleep(SHORT ? 3000 : 5000);
    w.receiver.mode = "ok";
    await load.stop();
    const { checks } = await settleAndCheck(w, load, { webhooks: false });
    checks.push(await webhooksDelivered(w.sql, load, w.receiver, 90_000));
    const met = { refused, "answered 500": w.receiver.attemptsByMode["500"] ?? 0, "answered after 20 s": w.receiver.attemptsByMode.slow ?? 0 };
    checks.push({ name: "deliveries met every misbehaviour", ok: Object.values(met).every((n) => n > 0), detail: Object.entries(met).map(([k, v]) => `${k}: ${v}`).join(", "), violations: [] });
    // 410 Gone from an account's own endpoint disables it.
    const gone = new Receiver(new Map());
    await gone.start();
    gone.mode = "410";
    await w.sql`UPDATE accounts SET webhook_url = ${gone.url} WHERE id = ${w.merchants[1].account_id}`;
    const goneLoad = new Load({ origins: [w.servers[0].origin], merchants: [w.merchants[1]], concurrency: 2, endings: [""], seedShare: 0 });
    for (let i = 0; i < 4; i++) await goneLoad.sendOne(w.servers[0].origin, { channel: "api" });
    let disabled = false;
    try {
      await waitFor("endpoint disabled", async () => (await w.sql`SELECT 1 FROM accounts WHERE id = ${w.merchants[1].account_id} AND webhook_disabled_at IS NOT NULL`).length > 0, 30_000, 250);
      disabled = true;
    } catch {}
    checks.push({ name: "410 Gone disables the endpoint", ok: disabled, detail: `${gone.attempts} attempts reached the 410 endpoint`, violations: [] });
    await gone.stop();
    await teardown(w);
    return {
      load: "3 concurrent v1 callers with a notify_url",
      faults: `receiver refusing connections ${SHORT ? 4 : 10} s, answering 500 ${SHORT ? 3 : 8} s, answering after 20 s, then fine; a second endpoint answering 410`,
      figures: figures(load, { "delivery attempts": w.receiver.attempts, "received": w.receiver.accepted.length }),
      checks,
    };
  });

  // 7. Two instances on one database, one killed mid-load.
  await scenario("two-instances: two servers on one database, one killed", async () => {
    const w = await world("two", { instances: 2 });
    await sim.control("alpha", { latency_ms: 300 });
    const load = loadFor(w);
    load.start();
    await sleep(SHORT ? 5000 : 15_000);
    await w.servers[1].kill("SIGKILL");
    const survivor = new Load({ ...load.opts, origins: [w.servers[0].origin] });
    survivor.start();
    await sleep(SHORT ? 3000 : 8000);
    await Promise.all([load.stop(), survivor.stop()]);
    await sim.control("alpha", { latency_ms: 0 });
    const both = mergeLoads(load, survivor);
    const { checks } = await settleAndCheck(w, both);
    await teardown(w);
    return {
      load: "6 callers spread over two servers on one database (then 6 more on the survivor)",
      faults: "kill -9 of the second server mid-load, never restarted",
      figures: figures(both),
      checks,
    };
  });

  // 8. Bad input at volume.
  await scenario("bad-input: generated bad requests on every route", async () => {
    const w = await world("fuzz", { merchants: 1 });
    const { fuzz } = await import("./fuzz");
    const before = await snapshot(w.sql);
    const out = await fuzz(w.servers[0].origin, w.merchants[0], SHORT ? 1500 : 10_000, { email: "faults-fuzz-1@faults.test", password: "faults-password-1" });
    const after = await snapshot(w.sql);
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    const checks: Check[] = [
      { name: "never a 5xx", ok: out.fivexx.length === 0, detail: `${out.total} requests: ${out.statuses}`, violations: out.fivexx.slice(0, 10) },
      { name: "no state change", ok: changed.length === 0, detail: `${Object.keys(before).length} counts and balances compared`, violations: changed.map((k) => ({ [k]: `${before[k]} → ${after[k]}` })) },
      { name: "the server is still up", ok: (await fetch(`${w.servers[0].origin}/api/health`)).ok, detail: "GET /api/health", violations: [] },
    ];
    await teardown(w);
    return { load: "sequential generated requests (8 at a time)", faults: `${out.total} bad requests over ${out.routes} routes (v1, seed, tRPC, auth)`, figures: { requests: out.total, answers: out.statuses }, checks };
  });
}

function isWithin(s: Sent, from: number, to: number) {
  return s.startedAt >= from && s.startedAt <= to;
}

/** The request was in flight at some moment of [from, to]. */
function overlaps(s: Sent, from: number, to: number) {
  return s.startedAt <= to && s.startedAt + s.ms >= from;
}

function mergeLoads(...loads: Load[]): Load {
  const merged = new Load(loads[0].opts);
  for (const l of loads) merged.sent.push(...l.sent);
  return merged;
}

/** While the database is away: a clean 503 with the error body, fast — never a hang or a 500. */
function outageAnswers(during: Sent[], when = "during the outage"): Check {
  const bad = during.filter((s) => {
    if (s.unknown || s.status === null) return true; // no answer at all within the client's timeout
    if (s.ms > 6000) return true;
    if (s.status >= 500 && s.status !== 503) return true;
    if (s.status === 503) {
      try {
        const body = JSON.parse(s.body);
        return s.channel === "api" ? body?.error?.code !== "service_unavailable" : typeof body?.error !== "string";
      } catch {
        return true;
      }
    }
    return false;
  });
  const n503 = during.filter((s) => s.status === 503).length;
  return {
    name: `clean 503s ${when}`,
    ok: bad.length === 0,
    detail: `${during.length} requests: ${summarize(during)}; ${n503} × 503; slowest ${Math.max(0, ...during.map((s) => s.ms))} ms`,
    violations: bad.slice(0, 10).map((s) => ({ channel: s.channel, status: s.status, ms: s.ms, body: s.body.slice(0, 200) })),
  };
}

async function snapshot(sql: postgres.Sql): Promise<Record<string, string>> {
  const tables = ["accounts", "users", "api_keys", "recharges", "recharge_events", "holds", "journals", "postings", "webhook_deliveries", "complaints", "audit_log", "cashback_grants"];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const [{ n }] = await sql.unsafe(`SELECT count(*)::text AS n FROM ${t}`);
    out[t] = n;
  }
  for (const w of await sql<{ id: string; b: string }[]>`SELECT id, available::text || '/' || held::text AS b FROM wallets ORDER BY id`) out[`wallet ${w.id}`] = w.b;
  return out;
}

function report() {
  const when = new Date().toISOString();
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL (own cluster, fsync off)`;
  const lines = [
    "# Reliability",
    "",
    "What `npm run faults` does to the product and what it checked afterwards. Generated by",
    "`e2e/faults/run.ts`; re-run after any change to the money path.",
    "",
    `Run: ${when}${SHORT ? " (short run)" : ""} · Machine: ${machine}`,
    "",
    "Every scenario ends on the same checks: no order that got a 2xx lost; every order final; one hold per order, at most one capture, a failed order costs nothing; at most one provider performed each order, by the simulators' own books (a separate process); webhooks delivered and verified with `standardwebhooks`; `ledger check` clean.",
    "",
    "| scenario | load | faults injected | figures | checks | result |",
    "|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const fig = Object.entries(r.figures).map(([k, v]) => `${k}: ${v}`).join("; ");
    const checks = r.checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.name} (${c.detail})`).join("<br>");
    lines.push(`| ${r.scenario} (${r.seconds} s) | ${r.load} | ${r.faults} | ${fig} | ${checks} | ${r.checks.every((c) => c.ok) ? "pass" : "**FAIL**"} |`);
  }
  const failed = results.flatMap((r) => r.checks.filter((c) => !c.ok));
  lines.push("", `Totals: ${results.length} scenarios, ${results.reduce((n, r) => n + r.checks.length, 0)} checks, ${failed.length} failed.`);
  return lines.join("\n") + "\n";
}

try {
  const dist = process.env.NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(dist, "BUILD_ID"))) {
    process.stdout.write("No production build: running next build…\n");
    await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], { maxBuffer: 64 * 2 ** 20 });
  }
  mkdirSync(LOG_DIR, { recursive: true });
  pg.init();
  pg.start();
  await sim.start();
} catch (error) {
  await sim.stop();
  pg.destroy();
  throw error;
}

try {
  await scenarios();
} finally {
  await sim.stop();
  pg.destroy();
}
const text = report();
mkdirSync(LOG_DIR, { recursive: true });
writeFileSync(path.join(LOG_DIR, "report.md"), text);
if (!SHORT && !ONLY) writeFileSync("RELIABILITY.md", text);
const failed = results.flatMap((r) => r.checks.filter((c) => !c.ok).map((c) => `${r.scenario}: ${c.name}`));
process.stdout.write(`\n${results.length} scenarios, ${failed.length ? `${failed.length} checks FAILED:\n  ${failed.join("\n  ")}` : "every check passed"}\n`);
process.exit(failed.length ? 1 : 0);
