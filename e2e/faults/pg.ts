// A Postgres cluster of the fault suite's own (initdb in a temporary folder, its own port), so that
// restarting it, starving it of connections or holding its locks never disturbs the machine's shared
// server or anyone else's tests.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

function pgBin(name: string): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    for (const version of execFileSync("ls", [root], { encoding: "utf8" }).split("\n").filter(Boolean).sort().reverse()) {
      const candidate = path.join(root, version, "bin", name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return name; // on PATH
}

/** Postgres refuses to run as root: as root we run it as the `postgres` user. */
function asPostgres(cmd: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const out = spawnSync(file, argv, { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${out.status}): ${out.stderr || out.stdout}`);
  return out.stdout;
}

export class PgCluster {
  readonly dir: string;
  readonly data: string;
  readonly log: string;

  constructor(
    readonly port: number,
    readonly maxConnections = 60,
  ) {
    this.dir = mkdtempSync(path.join(tmpdir(), "refill-faults-pg-"));
    chmodSync(this.dir, 0o777);
    this.data = path.join(this.dir, "data");
    this.log = path.join(this.dir, "postgres.log");
  }

  init() {
    asPostgres(pgBin("initdb"), ["-D", this.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  }

  start() {
    const opts = [
      `-p ${this.port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${this.dir}`,
      `-c max_connections=${this.maxConnections}`,
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
    ].join(" ");
    asPostgres(pgBin("pg_ctl"), ["-D", this.data, "-l", this.log, "-o", opts, "-w", "-t", "30", "start"]);
  }

  /** `fast` disconnects every client and rolls back what was open, as a crash or failover would. */
  stop(mode: "fast" | "immediate" = "fast") {
    asPostgres(pgBin("pg_ctl"), ["-D", this.data, "-m", mode, "-w", "-t", "30", "stop"]);
  }

  destroy() {
    try {
      this.stop("immediate");
    } catch {}
    rmSync(this.dir, { recursive: true, force: true });
  }

  url(database = "postgres") {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string) {
    const sql = postgres(this.url(), { max: 1, onnotice: () => {} });
    await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${name}`);
    await sql.end();
    return this.url(name);
  }
}
