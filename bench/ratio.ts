// The ratio benchmark (`npm run bench`): what the product's accept path reaches against what its own
// database can do with the same SQL, on one fresh database, in one run. See BENCHMARKS.md §3.
//
//   1. a fresh database, migrated; 1,000 funded merchant accounts (each its wallet and API key), and
//      1,000 funded wallets for the ceiling;
//   2. capture: the production server serves a few real creates while Postgres logs every statement
//      of this database (log_statement = all); the statements of one create's transaction become the
//      pgbench script, with the ids of the order, journal, hold and event made unique per transaction;
//   3. the ceiling: pgbench, 16 clients, spread (1,000 wallets) and hot (1 wallet);
//   4. the product: autocannon against POST /api/v1/recharges, spread and hot, 16 and 64 connections;
//   5. completion at half of the peak rate (simulators answer at once): create → final, settlements/s;
//   6. the seed endpoint POST /api/mobile-recharge (it answers once the order is final);
//   7. the server's RSS all along (the server process alone), its heap as V8 and Node see it, the
//      simulator's RSS apart, and `ledger check` at the end.
// The simulated providers run as their own process (`npm run sim`, server/sim/main.ts), as a real
// provider would be: the server's CPU and memory are the product's alone.
//
// Options (env): BENCH_DATABASE (default refill_bench), BENCH_PORT (3310), BENCH_SIM_PORT (BENCH_PORT
// + 1000), BENCH_SECONDS (10), BENCH_BUILD=1 to rebuild first (it builds when no build exists), PG_LOG
// (the server's log file), BENCH_WRITE=0 to leave BENCHMARKS.md alone, BENCH_HEAP_SNAPSHOT=1 to write
// a heap snapshot of the server once everything is quiet at the end (its path is printed).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";

const ROOT = path.resolve(import.meta.dirname, "..");
const DB_NAME = process.env.BENCH_DATABASE ?? "refill_bench";
const PG_HOST = process.env.BENCH_PG_HOST ?? "127.0.0.1";
const ADMIN_URL = `postgres://postgres@${PG_HOST}:5432/postgres`;
const DB_URL = `postgres://postgres@${PG_HOST}:5432/${DB_NAME}`;
const PORT = Number(process.env.BENCH_PORT ?? 3310);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WALLETS = 1000;
const CLIENTS = 16;
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next";
const RUN = Date.now().toString(36);
const SIM_PORT = Number(process.env.BENCH_SIM_PORT ?? PORT + 1000);
const SIM_BASE = `http://127.0.0.1:${SIM_PORT}`;
const SIM_TOKEN = "bench-sim-control-token-0123456789";
const SECRETS = { NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123", ENCRYPTION_KEY: "bench-encryption-key-bench-encryption-key-01" };
const HEAP_SNAPSHOT = process.env.BENCH_HEAP_SNAPSHOT === "1";
/** The Node flags `npm start` runs the server with (package.json), so the server measured is the one shipped. */
const SERVER_NODE_FLAGS = (() => {
  const start = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const m = /^node\s+(.*?)\s*server\/start\.mjs/.exec(start);
  if (!m) throw new Error(`package.json's start script is not "node [flags] server/start.mjs": ${start}`);
  return (process.env.BENCH_NODE_FLAGS ?? m[1]).split(/\s+/).filter(Boolean);
})();

const log = (...a: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 0) => Number(n.toFixed(d));

// ---------------------------------------------------------------------------------------------
// Machine

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown",
    memGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres: execFileSync("psql", ["-h", PG_HOST, "-U", "postgres", "-Atc", "SHOW server_version"]).toString().trim(),
  };
}
const loadavg = () => os.loadavg().map((l) => round(l, 2));

// ---------------------------------------------------------------------------------------------
// Database and fixtures

async function freshDatabase() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
}

type Merchant = { accountId: string; walletId: string; key: string; secret: string; auth: string };

/**
 * Migrations, catalog and simulated providers (the server's own boot code), then the accounts:
 * product verbs for wallets, credits and keys; rows inserted directly only where a verb would add
 * what the benchmark does not need (a sign-in user with its argon2 hash).
 */
async function fixtures(): Promise<{ merchants: Merchant[] }> {
  const { prepareDatabase } = await import("@/server/boot");
  const { getDb, closeDb } = await import("@/db/client");
  const { accounts, wallets } = await import("@/db/schema");
  const { credit, createCustomerWallet } = await import("@/server/ledger");
  const { createApiKey } = await import("@/server/accounts/api-keys");
  const { createId } = await import("@/server/lib/ids");
  await prepareDatabase({ asServer: true });
  const db = await getDb();
  const ctx = { db, actor: { type: "system" as const, name: "bench" }, requestId: "bench" };
  const fund = 10_000_000_00n; // 10,000,000.00 each: no run empties a wallet
  const merchants: Merchant[] = [];
  for (let i = 0; i < WALLETS; i++) {
    const accountId = createId("acct");
    await db.insert(accounts).values({ id: accountId, type: "merchant", name: `Bench ${i}`, email: `bench-${i}@bench.test`, currency: "BDT" });
    const wallet = await createCustomerWallet(db, accountId, "BDT");
    await credit(ctx, { walletId: wallet.id, amount: fund, idempotencyKey: `bench:${accountId}:fund`, memo: "Benchmark funds" });
    const key = await createApiKey({ ctx, input: { accountId } });
    merchants.push({ accountId, walletId: wallet.id, key: key.api_key, secret: key.api_secret, auth: `Basic ${Buffer.from(`${key.api_key}:${key.api_secret}`).toString("base64")}` });
  }
  // The ceiling's own wallets, with ids pgbench can name: acct_pgb-N / wal_pgb-N.
  for (let n = 1; n <= WALLETS; n++) {
    await db.insert(accounts).values({ id: `acct_pgb-${n}`, type: "merchant", name: `Ceiling ${n}`, email: `pgb-${n}@bench.test`, currency: "BDT" });
    await db.insert(wallets).values({ id: `wal_pgb-${n}`, kind: "customer", accountId: `acct_pgb-${n}`, currency: "BDT" });
    await credit(ctx, { walletId: `wal_pgb-${n}`, amount: fund, idempotencyKey: `bench:pgb-${n}:fund`, memo: "Benchmark funds" });
  }
  await closeDb();
  return { merchants };
}

// ---------------------------------------------------------------------------------------------
// The simulated providers: their own process, as `npm run sim` runs them

type Sim = { proc: ChildProcess; logFile: string; dataDir: string };

async function startSim(): Promise<Sim> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `refill-bench-${RUN}-sim-`));
  const logFile = path.join(os.tmpdir(), `refill-bench-${RUN}-sim.log`);
  const out = openSync(logFile, "w");
  // `npm run sim` without npm in between, so the pid is the simulator's own process.
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/sim/main.ts")], {
    cwd: ROOT,
    stdio: ["ignore", out, out],
    env: { ...process.env, ...SECRETS, NODE_ENV: "production", APP_ENV: "production", SIM_PORT: String(SIM_PORT), SIM_HOST: "127.0.0.1", SIM_DATA_DIR: dataDir, SIM_CONTROL_TOKEN: SIM_TOKEN, LOG_LEVEL: "warn" },
  });
  closeSync(out);
  const headers = { authorization: `Bearer ${SIM_TOKEN}`, "content-type": "application/json" };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`simulator exited (${proc.exitCode}); see ${logFile}`);
    const res = await fetch(`${SIM_BASE}/api/sim/providers`, { headers }).catch(() => null);
    if (res?.ok) break;
    if (Date.now() > deadline) throw new Error(`simulator did not answer on ${SIM_BASE}; see ${logFile}`);
    await sleep(200);
  }
  // Answering at once: no latency, no outage, no rejections (a fresh directory starts so; said anyway).
  for (const name of ["alpha", "bravo", "charlie"]) {
    const res = await fetch(`${SIM_BASE}/api/sim/providers/${name}`, { method: "POST", headers, body: JSON.stringify({ down: false, latency_ms: 0, fail_rate: 0 }) });
    if (!res.ok) throw new Error(`simulator control ${name}: ${res.status} ${await res.text()}`);
  }
  return { proc, logFile, dataDir };
}

async function stopSim(sim: Sim) {
  await stopProcess(sim.proc);
  rmSync(sim.dataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// The server (production build)

function ensureBuild() {
  if (process.env.BENCH_BUILD === "1" || !existsSync(path.join(ROOT, DIST_DIR, "BUILD_ID"))) {
    log("building (next build)…");
    execFileSync("npx", ["next", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  }
}

type Server = { proc: ChildProcess; logFile: string; memLog: string | null; heapDir: string | null };

async function startServer(tag: string, opts: { memory?: boolean } = {}): Promise<Server> {
  const logFile = path.join(os.tmpdir(), `refill-bench-${RUN}-${tag}.log`);
  const memLog = opts.memory ? path.join(os.tmpdir(), `refill-bench-${RUN}-${tag}-memory.jsonl`) : null;
  const heapDir = opts.memory && HEAP_SNAPSHOT ? mkdtempSync(path.join(os.tmpdir(), `refill-bench-${RUN}-heap-`)) : null;
  const out = openSync(logFile, "w");
  // `npm start`'s entry: Next's handler behind node:http (server/start.mjs); with the memory probe
  // (bench/mem-probe.mjs) when asked, and a heap snapshot on SIGUSR2 with BENCH_HEAP_SNAPSHOT=1.
  const flags = [...SERVER_NODE_FLAGS, ...(memLog ? ["--import", pathToFileURL(path.join(ROOT, "bench/mem-probe.mjs")).href] : []), ...(heapDir ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${heapDir}`] : [])];
  const proc = spawn(process.execPath, [...flags, path.join(ROOT, "server/start.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      ...SECRETS,
      NODE_ENV: "production",
      APP_ENV: "production",
      DATABASE_URL: DB_URL,
      PORT: String(PORT),
      NEXTAUTH_URL: BASE,
      API_IP_RATE_LIMIT_PER_MINUTE: "100000000",
      // The simulated providers are wired as providers, served by the simulator process, not by this one.
      SIMULATOR: "on",
      SIM_BASE_URL: SIM_BASE,
      SIM_CONTROL_TOKEN: SIM_TOKEN,
      API_RATE_LIMIT_PER_MINUTE: "100000000",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
      ...(memLog ? { BENCH_MEM_LOG: memLog } : {}),
    },
  });
  closeSync(out);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${BASE}/api/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not become healthy; see ${logFile}`);
    await sleep(300);
  }
  return { proc, logFile, memLog, heapDir };
}

async function stopProcess(proc: ChildProcess) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill("SIGTERM");
  for (let i = 0; i < 50 && proc.exitCode === null && proc.signalCode === null; i++) await sleep(100);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
}

const stopServer = (server: Server) => stopProcess(server.proc);

/**
 * A heap snapshot of the quiet server (SIGUSR2, --heapsnapshot-signal): V8 collects garbage first,
 * so it holds only what is still reachable. Returns its path once it is written.
 */
async function heapSnapshot(server: Server) {
  if (!server.heapDir) return null;
  server.proc.kill("SIGUSR2");
  const deadline = Date.now() + 300_000;
  let last = -1;
  for (;;) {
    await sleep(2000);
    const file = readdirSync(server.heapDir).find((f) => f.endsWith(".heapsnapshot"));
    const size = file ? statSync(path.join(server.heapDir, file)).size : -1;
    // Written when the file stops growing and the server answers again (it is paused while writing).
    if (file && size > 0 && size === last && (await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false))) return path.join(server.heapDir, file);
    last = size;
    if (Date.now() > deadline) return null;
  }
}

type MemorySample = { t: number; rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number; newSpace: number; oldSpace: number; oldUsed: number; largeObjects: number; code: number; malloced: number };
type MemoryPeaks = { rss: number; heapTotal: number; heapUsed: number; external: number; newSpace: number; oldSpace: number; oldUsed: number; outsideHeap: number; samples: number };

/** The probe's samples within [t0, t1]: the peak of each figure (not necessarily at the same instant). */
function memoryPeaks(samples: MemorySample[], t0: number, t1: number): MemoryPeaks {
  const inside = samples.filter((s) => s.t >= t0 && s.t <= t1);
  const max = (f: (s: MemorySample) => number) => round(Math.max(0, ...inside.map(f)));
  return {
    rss: max((s) => s.rss),
    heapTotal: max((s) => s.heapTotal),
    heapUsed: max((s) => s.heapUsed),
    external: max((s) => s.external),
    newSpace: max((s) => s.newSpace),
    oldSpace: max((s) => s.oldSpace),
    oldUsed: max((s) => s.oldUsed),
    // What RSS holds beyond V8's heap and Node's external buffers: code, stacks, the allocator's arenas.
    outsideHeap: max((s) => s.rss - s.heapTotal - s.external),
    samples: inside.length,
  };
}

function readMemoryLog(file: string | null): MemorySample[] {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as MemorySample];
      } catch {
        return [];
      }
    });
}

/** RSS of a process and its children, sampled every 250 ms. */
function rssSampler(pid: number) {
  const rssOf = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };
  const tree = (root: number): number[] => {
    const out = [root];
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${d}/status`, "utf8"))?.[1]);
        if (ppid === root) out.push(...tree(Number(d)));
      } catch {}
    }
    return out;
  };
  let peak = 0;
  let phasePeak = 0;
  const timer = setInterval(() => {
    const rss = tree(pid).reduce((s, p) => s + rssOf(p), 0);
    peak = Math.max(peak, rss);
    phasePeak = Math.max(phasePeak, rss);
  }, 250);
  return {
    phase() {
      const p = phasePeak;
      phasePeak = 0;
      return round(p / 2 ** 20);
    },
    stop() {
      clearInterval(timer);
      return round(peak / 2 ** 20);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Capture: the statements one create sends, read back from Postgres' own statement log

type LogEntry = { at: number; pid: number; kind: "statement" | "execute"; sql: string; params: Map<number, string | null> };

function pgLogFile() {
  if (process.env.PG_LOG) return process.env.PG_LOG;
  const major = execFileSync("psql", ["-h", PG_HOST, "-U", "postgres", "-Atc", "SHOW server_version_num"]).toString().trim().slice(0, 2);
  const guess = `/var/log/postgresql/postgresql-${major}-main.log`;
  if (!existsSync(guess)) throw new Error(`Postgres' log not found at ${guess}; set PG_LOG to the server's log file (statement capture reads it).`);
  return guess;
}

function readFrom(file: string, offset: number) {
  const size = statSync(file).size;
  const fd = openSync(file, "r");
  const buf = Buffer.alloc(size - offset);
  readSync(fd, buf, 0, buf.length, offset);
  closeSync(fd);
  return buf.toString("utf8");
}

/** Parses the default Debian prefix `%m [%p] %q%u@%d `: statement/execute lines and their parameters. */
function parseLog(text: string, db: string): LogEntry[] {
  const head = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (\w+) \[(\d+)\] (\S*)@(\S*) (LOG|DETAIL|ERROR|STATEMENT|WARNING|HINT|CONTEXT):\s+(.*)$/;
  const records: Array<{ at: number; pid: number; db: string; level: string; text: string }> = [];
  for (const line of text.split("\n")) {
    const m = head.exec(line);
    if (m) records.push({ at: Date.parse(`${m[1].replace(" ", "T")}Z`), pid: Number(m[3]), db: m[5], level: m[6], text: m[7] });
    else if (records.length && /^\s/.test(line)) records[records.length - 1].text += `\n${line.replace(/^\t/, "")}`;
  }
  const out: LogEntry[] = [];
  for (const r of records) {
    if (r.db !== db) continue;
    if (r.level === "LOG") {
      const st = /^statement: ([\s\S]*)$/.exec(r.text);
      const ex = /^execute [^:]*: ([\s\S]*)$/.exec(r.text);
      if (st) out.push({ at: r.at, pid: r.pid, kind: "statement", sql: st[1].trim(), params: new Map() });
      else if (ex) out.push({ at: r.at, pid: r.pid, kind: "execute", sql: ex[1].trim(), params: new Map() });
    } else if (r.level === "DETAIL" && r.text.startsWith("parameters: ")) {
      const last = out.findLast((e) => e.pid === r.pid);
      if (!last) continue;
      const body = r.text.slice("parameters: ".length);
      const re = /\$(\d+) = (NULL|'((?:[^']|'')*)')/g;
      for (let m = re.exec(body); m; m = re.exec(body)) last.params.set(Number(m[1]), m[2] === "NULL" ? null : m[3].replace(/''/g, "'"));
    }
  }
  return out;
}

type Capture = { script: { spread: string; hot: string }; txStatements: string[]; requestStatements: number; txRoundTrips: number };

/**
 * Serves five real creates one after another with statement logging on for this database, and
 * turns the transaction of one of them into a pgbench script. Ids generated per order (rch_, jnl_,
 * hold_, evt_ …) and the reference become unique per pgbench transaction; the account and wallet
 * become the ceiling's (one of 1,000, or always the first).
 */
async function capture(merchants: Merchant[]): Promise<Capture> {
  const logFile = pgLogFile();
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`ALTER DATABASE "${DB_NAME}" SET log_statement = 'all'`);
  const offset = statSync(logFile).size;
  const server = await startServer("capture");
  const windows: Array<{ t0: number; t1: number; m: Merchant; reference: string }> = [];
  try {
    for (let i = 0; i < 6; i++) {
      const m = merchants[i];
      const reference = `CAP-${RUN}-${i}`;
      const t0 = Date.now();
      const res = await fetch(`${BASE}/api/v1/recharges`, {
        method: "POST",
        headers: { authorization: m.auth, "content-type": "application/json" },
        // The same request as the load sends (allow_duplicate: true), so the ceiling runs the same path.
        body: JSON.stringify({ reference, phone: `017${String(11000000 + i * 7919).padStart(8, "0")}`, operator: "GP", amount: "10.00", allow_duplicate: true }),
      });
      const t1 = Date.now();
      if (res.status !== 201) throw new Error(`capture create answered ${res.status}: ${await res.text()}`);
      windows.push({ t0, t1, m, reference });
      await sleep(1500); // its processing (after the response) and a sweep settle down before the next
    }
  } finally {
    await stopServer(server);
    await admin.unsafe(`ALTER DATABASE "${DB_NAME}" RESET log_statement`);
    await admin.end();
  }
  await sleep(300);
  const entries = parseLog(readFrom(logFile, offset), DB_NAME);
  const ceilingScripts: string[] = [];
  const counts: number[] = [];
  let txStatements: string[] = [];
  // The first create warms the process up; the later ones are what every create costs.
  for (const w of windows.slice(1)) {
    const inWindow = entries.filter((e) => e.at >= w.t0 - 2 && e.at <= w.t1 + 2);
    // The statement that writes the order (alone, or inside a WITH that writes the rest too).
    const insert = inWindow.find((e) => /\binsert into "?recharges"? \(/i.test(e.sql));
    if (!insert) throw new Error("capture: no INSERT INTO recharges in a create's window (is log_statement honoured?)");
    const ofPid = inWindow.filter((e) => e.pid === insert.pid);
    const at = ofPid.indexOf(insert);
    // Its transaction: from the BEGIN before it to the COMMIT after it, or the statement alone when it
    // ran on its own (autocommit: a COMMIT, or nothing, comes before any BEGIN).
    let begin = at;
    for (let i = at - 1; i >= 0; i--) {
      if (/^commit/i.test(ofPid[i].sql)) break;
      if (/^begin/i.test(ofPid[i].sql)) {
        begin = i;
        break;
      }
    }
    let end = at;
    if (begin < at) while (end < ofPid.length - 1 && !/^commit/i.test(ofPid[end].sql)) end++;
    const tx = ofPid.slice(begin, end + 1);
    // Statements the request itself sent: its window up to the order's write (the order's processing
    // starts right after it, before the client has read the answer), minus the background sweep's
    // due-work queries. server/recharge/round-trips.int.test.ts counts them exactly.
    const upToWrite = inWindow.slice(0, inWindow.indexOf(tx[tx.length - 1]) + 1);
    counts.push(upToWrite.filter((e) => !/"next_run_at" <= \$|"next_attempt_at" <= \$/.test(e.sql) || /"id" = \$/.test(e.sql)).length);
    txStatements = tx.map((e) => e.sql.replace(/\s+/g, " "));
    ceilingScripts.push(toPgbench(tx, w.m, w.reference));
  }
  const script = ceilingScripts[ceilingScripts.length - 1];
  return {
    script: { spread: `\\set pgbw random(1, ${WALLETS})\n\\set pgbu random(1, 9000000000000000000)\n${script}`, hot: `\\set pgbw 1\n\\set pgbu random(1, 9000000000000000000)\n${script}` },
    txStatements,
    requestStatements: Math.min(...counts),
    txRoundTrips: txStatements.length,
  };
}

/** One captured transaction as a pgbench script (simple protocol, parameters inlined as literals). */
function toPgbench(tx: LogEntry[], m: Merchant, reference: string) {
  const generated = new Map<string, string>();
  const rewrite = (value: string) =>
    value
      .split(m.accountId)
      .join("acct_pgb-:pgbw")
      .split(m.walletId)
      .join("wal_pgb-:pgbw")
      .split(reference)
      .join("PGB-:client_id-:pgbu")
      .replace(/\b(rch|jnl|hold|evt|pcall|whd|aud|dep)_[0-9A-Za-z]{20}\b/g, (id, prefix) => {
        if (!generated.has(id)) generated.set(id, `${prefix}_pgb${generated.size}-:client_id-:pgbu`);
        return generated.get(id)!;
      });
  const lines: string[] = [];
  for (const e of tx) {
    // One line per statement below: a `--` comment would swallow the rest of it.
    let sql = e.sql.replace(/--[^\n]*/g, "");
    for (const n of [...e.params.keys()].sort((a, b) => b - a)) {
      const v = e.params.get(n);
      sql = sql.split(`$${n}`).join(v === null || v === undefined ? "NULL" : `'${rewrite(v).replace(/'/g, "''")}'`);
    }
    lines.push(`${sql.replace(/\s+/g, " ").replace(/;?\s*$/, "")};`);
  }
  return lines.join("\n");
}

function pgbench(script: string, clients: number, seconds: number) {
  const file = path.join(os.tmpdir(), `refill-bench-${RUN}-${Math.random().toString(36).slice(2)}.sql`);
  writeFileSync(file, `${script}\n`);
  const out = execFileSync("pgbench", ["-h", PG_HOST, "-U", "postgres", "-n", "-M", "simple", "-c", String(clients), "-j", "2", "-T", String(seconds), "-f", file, DB_NAME], {
    stdio: ["ignore", "pipe", "pipe"],
  }).toString();
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  if (!tps) throw new Error(`pgbench output not understood:\n${out}`);
  return { tps: round(tps), latencyMs: round(latency, 1), failed };
}

// ---------------------------------------------------------------------------------------------
// The product under load

type Shape = "spread" | "hot";
type LoadResult = { ok: number; perSecond: number; p50: number; p99: number; errors: number; statuses: Record<string, number> };

let seq = 0;
const phoneFor = (n: number) => `0171${String(1_000_000 + (n % 8_000_000)).padStart(7, "0")}`.replace(/00[1-5]$/, "100");

async function load(opts: { path: string; shape: Shape; connections: number; seconds: number; merchants: Merchant[]; rate?: number; tag: string; body: (m: Merchant, n: number) => { body: string; type: string; auth?: boolean } }): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url: BASE,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    overallRate: opts.rate,
    requests: [
      {
        method: "POST",
        path: opts.path,
        setupRequest: (req: autocannon.Request) => {
          const n = seq++;
          const m = opts.shape === "hot" ? opts.merchants[0] : opts.merchants[Math.floor(Math.random() * opts.merchants.length)];
          const b = opts.body(m, n);
          return { ...req, body: b.body, headers: { "content-type": b.type, ...(b.auth === false ? {} : { authorization: m.auth }) } };
        },
        onResponse: (status: number) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  const ok = Object.entries(statuses)
    .filter(([s]) => s.startsWith("2"))
    .reduce((s, [, c]) => s + c, 0);
  const total = Object.values(statuses).reduce((s, c) => s + c, 0);
  return {
    ok,
    perSecond: round(ok / (result.duration || opts.seconds)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: total - ok + result.errors + result.timeouts,
    statuses,
  };
}

const v1Body = (tag: string) => (_m: Merchant, n: number) => ({
  type: "application/json",
  body: JSON.stringify({ reference: `${tag}-${RUN}-${n}`, phone: phoneFor(n), operator: "GP", amount: "10.00", allow_duplicate: true }),
});

/** Waits until no order is still on its way (so one run's tail does not load the next). */
async function quiesce(sql: postgres.Sql, capSeconds = 180) {
  const deadline = Date.now() + capSeconds * 1000;
  for (;;) {
    const [{ n }] = await sql`SELECT count(*)::int AS n FROM recharges WHERE status IN ('held', 'submitting', 'pending') AND account_id NOT LIKE 'acct_pgb-%'`;
    if (n === 0 || Date.now() > deadline) return n as number;
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  // The simulators first: the fixtures register them as providers at their address.
  const sim = await startSim();
  log(`simulator: its own process (pid ${sim.proc.pid}) on ${SIM_BASE}, answering at once`);
  try {
    await bench(sim);
  } finally {
    await stopSim(sim);
  }
}

async function bench(sim: Sim) {
  const started = Date.now();
  const mach = machine();
  const loadBefore = loadavg();
  log(`machine: ${mach.cpus} CPU ${mach.model}, load ${loadBefore.join(" ")}`);
  ensureBuild();
  log(`fresh database ${DB_NAME}`);
  await freshDatabase();
  process.env.DATABASE_URL = DB_URL;
  process.env.APP_ENV = "production";
  process.env.NEXTAUTH_SECRET = "bench-secret-bench-secret-bench-secret-0123";
  process.env.ENCRYPTION_KEY = "bench-encryption-key-bench-encryption-key-01";
  process.env.SIMULATOR = "on";
  process.env.SIM_BASE_URL = SIM_BASE;
  process.env.SIM_CONTROL_TOKEN = SIM_TOKEN;
  process.env.PORT = String(PORT);
  process.env.LOG_LEVEL = "warn";
  const { merchants } = await fixtures();
  log(`fixtures: ${WALLETS} merchant accounts (wallet + key), ${WALLETS} ceiling wallets`);

  log("capturing the accept SQL from Postgres' statement log");
  const cap = await capture(merchants);
  log(`captured: ${cap.txRoundTrips} statements in the transaction, ${cap.requestStatements} in the whole request`);

  const sql = postgres(DB_URL, { max: 2, onnotice: () => {} });
  log("ceiling: pgbench spread");
  const ceilSpread = pgbench(cap.script.spread, CLIENTS, SECONDS);
  log("ceiling: pgbench hot");
  const ceilHot = pgbench(cap.script.hot, CLIENTS, SECONDS);
  // The ceiling's orders are rows like any other: park them so the server's sweeper leaves them be.
  await sql`UPDATE recharges SET next_run_at = NULL WHERE account_id LIKE 'acct_pgb-%'`;
  await sql`VACUUM ANALYZE`;
  log(`ceiling: spread ${ceilSpread.tps} TPS, hot ${ceilHot.tps} TPS`);

  const server = await startServer("load", { memory: true });
  // The server process (and any child of it) alone; the simulator's own process apart.
  const rss = rssSampler(server.proc.pid!);
  const simRss = rssSampler(sim.proc.pid!);
  const product: Record<string, LoadResult & { rssMiB: number }> = {};
  let completion: Record<string, number> = {};
  let seed: LoadResult & { rssMiB: number } = { ok: 0, perSecond: 0, p50: 0, p99: 0, errors: 0, statuses: {}, rssMiB: 0 };
  let rssPeak = 0;
  let simRssPeak = 0;
  // Each phase's window for the memory probe: from its first request until its orders are all final.
  const windows: Array<{ phase: string; t0: number; t1: number }> = [];
  const serverStarted = Date.now();
  let quietAt = 0;
  let snapshot: string | null = null;
  let afterSnapshotAt = 0;
  try {
    // Warm-up: routes compiled into memory, pools open, caches filled.
    let t0 = Date.now();
    await load({ path: "/api/v1/recharges", shape: "spread", connections: 8, seconds: 3, merchants, tag: "WARM", body: v1Body("WARM") });
    await quiesce(sql);
    windows.push({ phase: "warm-up", t0, t1: Date.now() });
    for (const shape of ["spread", "hot"] as Shape[]) {
      for (const connections of [16, 64]) {
        const key = `${shape}/${connections}`;
        log(`product: ${key}`);
        rss.phase();
        t0 = Date.now();
        const r = await load({ path: "/api/v1/recharges", shape, connections, seconds: SECONDS, merchants, tag: `P${shape[0]}${connections}`, body: v1Body(`P${shape[0]}${connections}`) });
        product[key] = { ...r, rssMiB: rss.phase() };
        log(`  ${r.perSecond}/s p50 ${r.p50} ms p99 ${r.p99} ms errors ${r.errors} ${JSON.stringify(r.statuses)}; server RSS ${product[key].rssMiB} MiB`);
        const left = await quiesce(sql);
        windows.push({ phase: key, t0, t1: Date.now() });
        if (left) log(`  ${left} orders still open after the wait`);
      }
    }

    // Completion at half of the peak rate, instant simulators.
    const peak = Math.max(product["spread/16"].perSecond, product["spread/64"].perSecond);
    const rate = Math.max(1, Math.round(peak / 2));
    log(`completion at ${rate}/s`);
    const tag = `CMP-${RUN}`;
    t0 = Date.now();
    const half = await load({ path: "/api/v1/recharges", shape: "spread", connections: 16, seconds: SECONDS, rate, merchants, tag: "CMP", body: (_m, n) => ({ type: "application/json", body: JSON.stringify({ reference: `${tag}-${n}`, phone: phoneFor(n), operator: "GP", amount: "10.00", allow_duplicate: true }) }) });
    const left = await quiesce(sql);
    windows.push({ phase: "completion", t0, t1: Date.now() });
    const [c] = await sql`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at)) * 1000 AS p50,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at)) * 1000 AS p99,
             extract(epoch FROM max(completed_at) - min(created_at)) AS span
      FROM recharges WHERE reference LIKE ${`${tag}-%`}`;
    completion = {
      rate,
      createsPerSecond: half.perSecond,
      createP50: half.p50,
      createP99: half.p99,
      errors: half.errors,
      orders: c.n,
      succeeded: c.succeeded,
      p50: round(Number(c.p50)),
      p99: round(Number(c.p99)),
      settlementsPerSecond: round(c.n / Number(c.span)),
      stillOpen: left,
      rssMiB: rss.phase(),
    };
    log(`  create p50 ${half.p50} p99 ${half.p99}; create→final p50 ${completion.p50} ms p99 ${completion.p99} ms; ${completion.settlementsPerSecond} settlements/s`);

    // The seed endpoint: form posts; each answer waits for the order's outcome.
    log("seed endpoint: /api/mobile-recharge, 16 connections");
    t0 = Date.now();
    const s = await load({
      path: "/api/mobile-recharge",
      shape: "spread",
      connections: 16,
      seconds: SECONDS,
      merchants,
      tag: "SEED",
      body: (m, n) => ({ type: "application/x-www-form-urlencoded", auth: false, body: new URLSearchParams({ api_key: m.key, api_secret: m.secret, phone: phoneFor(n + 3_000_000), amount: "10", operator: "GP" }).toString() }),
    });
    seed = { ...s, rssMiB: rss.phase() };
    log(`  ${s.perSecond}/s p50 ${s.p50} ms p99 ${s.p99} ms errors ${s.errors} ${JSON.stringify(s.statuses)}`);
    await quiesce(sql);
    windows.push({ phase: "seed", t0, t1: Date.now() });
    // Quiet: no load, no order open. What the server holds now is what it keeps.
    await sleep(3000);
    quietAt = Date.now();
    rssPeak = rss.stop();
    simRssPeak = simRss.stop();
    if (HEAP_SNAPSHOT) {
      log("heap snapshot of the quiet server (SIGUSR2)…");
      snapshot = await heapSnapshot(server);
      await sleep(1000);
      afterSnapshotAt = Date.now();
      log(`  ${snapshot ?? "not written"}`);
    }
  } finally {
    rssPeak ||= rss.stop();
    simRssPeak ||= simRss.stop();
    await stopServer(server);
  }
  const samples = readMemoryLog(server.memLog);
  const lastBefore = (t: number) => samples.findLast((x) => x.t <= t) ?? null;
  const memory = {
    log: server.memLog,
    phases: Object.fromEntries(windows.map((w) => [w.phase, memoryPeaks(samples, w.t0, w.t1)])),
    whole: memoryPeaks(samples, serverStarted, quietAt || Date.now()),
    // After the load: the last sample before the snapshot, and (with one) the first after its full GC.
    quiet: quietAt ? lastBefore(quietAt) : null,
    afterFullGc: afterSnapshotAt ? lastBefore(afterSnapshotAt) : null,
    snapshot,
  };
  for (const [phase, m] of Object.entries(memory.phases)) {
    log(`memory ${phase}: rss ${m.rss} heap total ${m.heapTotal} (new ${m.newSpace}, old ${m.oldSpace}) used ${m.heapUsed} external ${m.external} outside heap ${m.outsideHeap} MiB`);
  }
  if (memory.quiet) log(`memory quiet: ${JSON.stringify(memory.quiet)}`);
  if (memory.afterFullGc) log(`memory after a full GC: ${JSON.stringify(memory.afterFullGc)}`);

  // The ledger must be exact after all of it.
  const { checkLedger } = await import("@/server/ledger");
  const { getDb, closeDb } = await import("@/db/client");
  const violations = await checkLedger(await getDb());
  await closeDb();
  const [{ orders }] = await sql`SELECT count(*)::int AS orders FROM recharges`;
  await sql.end();

  const report = {
    machine: mach,
    load: { before: loadBefore, after: loadavg() },
    minutes: round((Date.now() - started) / 60000, 1),
    capture: cap,
    ceiling: { spread: ceilSpread, hot: ceilHot },
    product,
    completion,
    seed,
    rssPeakMiB: rssPeak,
    simRssPeakMiB: simRssPeak,
    memory,
    ledgerViolations: violations.length,
    orders,
  };
  const table = renderTable(report);
  console.log(table);
  writeFileSync(path.join(os.tmpdir(), `refill-bench-${RUN}.json`), JSON.stringify(report, null, 2));
  if (process.env.BENCH_WRITE !== "0") writeBenchmarks(report, table);
  if (violations.length) {
    console.error(JSON.stringify(violations.slice(0, 20), null, 2));
    process.exitCode = 1;
  }
}

type Report = {
  machine: ReturnType<typeof machine>;
  load: { before: number[]; after: number[] };
  minutes: number;
  capture: Capture;
  ceiling: { spread: ReturnType<typeof pgbench>; hot: ReturnType<typeof pgbench> };
  product: Record<string, LoadResult & { rssMiB: number }>;
  completion: Record<string, number>;
  seed: LoadResult & { rssMiB: number };
  rssPeakMiB: number;
  /** Absent in reports of runs whose simulators were inside the server. */
  simRssPeakMiB?: number;
  memory?: { phases: Record<string, MemoryPeaks>; whole: MemoryPeaks; quiet: MemorySample | null; afterFullGc: MemorySample | null };
  ledgerViolations: number;
  orders: number;
};

function renderTable(r: Report) {
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
  const rows = [
    "| shape | ceiling (pgbench, 16 clients) | connections | creates/s | p50 | p99 | errors | ratio | server RSS |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const shape of ["spread", "hot"] as Shape[]) {
    const ceil = r.ceiling[shape];
    for (const c of [16, 64]) {
      const p = r.product[`${shape}/${c}`];
      if (!p) continue;
      rows.push(`| ${shape === "spread" ? `spread (${WALLETS} wallets)` : "hot (1 wallet)"} | ${ceil.tps} TPS | ${c} | ${p.perSecond} | ${p.p50} ms | ${p.p99} ms | ${p.errors} | **${pct(p.perSecond, ceil.tps)}** | ${p.rssMiB} MiB |`);
    }
  }
  const c = r.completion;
  const s = r.seed;
  return [
    rows.join("\n"),
    "",
    "| completion at half of peak (instant simulators) | value |",
    "|---|---|",
    `| offered rate | ${c.rate}/s (served ${c.createsPerSecond}/s, ${c.errors} errors) |`,
    `| create latency p50 / p99 | ${c.createP50} ms / ${c.createP99} ms |`,
    `| create → final p50 / p99 | ${c.p50} ms / ${c.p99} ms (${c.orders} orders, ${c.succeeded} succeeded, ${c.stillOpen} open after the wait) |`,
    `| settlements/s | ${c.settlementsPerSecond} |`,
    `| seed endpoint POST /api/mobile-recharge, 16 connections | ${s.perSecond}/s, p50 ${s.p50} ms, p99 ${s.p99} ms, ${s.errors} errors |`,
    r.simRssPeakMiB === undefined ? `| server RSS, peak over the whole run | ${r.rssPeakMiB} MiB |` : `| server RSS (its own process, no simulator in it), peak over the whole run | ${r.rssPeakMiB} MiB |`,
    ...(r.memory?.whole.samples
      ? [`| server memory, peaks over the run: V8 heap total / used (old space), external, RSS beyond heap and external | ${r.memory.whole.heapTotal} / ${r.memory.whole.heapUsed} (${r.memory.whole.oldSpace}) MiB, ${r.memory.whole.external} MiB, ${r.memory.whole.outsideHeap} MiB |`]
      : []),
    ...(r.memory?.quiet ? [`| server memory when quiet after the run: RSS / V8 heap total / used | ${r.memory.quiet.rss} / ${r.memory.quiet.heapTotal} / ${r.memory.quiet.heapUsed} MiB${r.memory.afterFullGc ? `; after a full GC ${r.memory.afterFullGc.rss} / ${r.memory.afterFullGc.heapTotal} / ${r.memory.afterFullGc.heapUsed} MiB` : ""} |`] : []),
    ...(r.simRssPeakMiB === undefined ? [] : [`| simulators' RSS (their own process, \`npm run sim\`), peak | ${r.simRssPeakMiB} MiB |`]),
    `| statements per create: whole request / its transaction | ${r.capture.requestStatements} / ${r.capture.txRoundTrips} |`,
    `| ledger check after the run | ${r.ledgerViolations === 0 ? "clean" : `${r.ledgerViolations} violations`} (${r.orders} orders) |`,
  ].join("\n");
}

function writeBenchmarks(r: Report, table: string, at = new Date()) {
  const file = path.join(ROOT, "BENCHMARKS.md");
  const doc = readFileSync(file, "utf8");
  const start = "<!-- ratio:start -->";
  const end = "<!-- ratio:end -->";
  const block = [
    start,
    `Run of ${at.toISOString().slice(0, 16).replace("T", " ")} UTC, ${r.machine.cpus} × ${r.machine.model}, ${r.machine.memGiB} GiB, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres};`,
    `load average before ${r.load.before.join(" / ")}, after ${r.load.after.join(" / ")}${r.load.before[0] > r.machine.cpus * 0.5 ? " (the machine was shared with other work during this run: figures are noisy)" : ""}; ${r.minutes} min in all; ${SECONDS} s per load.`,
    "",
    table,
    "",
    "The captured transaction (what pgbench runs, parameters inlined):",
    "",
    "```sql",
    ...r.capture.txStatements.map((s) => (s.length > 160 ? `${s.slice(0, 157)}…` : s)),
    "```",
    end,
  ].join("\n");
  const next = doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  log("BENCHMARKS.md updated");
}

// BENCH_REPORT=<json written by a run> re-renders that run into BENCHMARKS.md without running again.
const again = process.env.BENCH_REPORT;
(again ? Promise.resolve().then(() => {
  const r = JSON.parse(readFileSync(again, "utf8")) as Report;
  const table = renderTable(r);
  console.log(table);
  writeBenchmarks(r, table, statSync(again).mtime);
}) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
