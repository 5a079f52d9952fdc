// The processes a fault scenario breaks: the production server (as `next start`, so the pid we hold
// is the server itself) and the standalone simulators (`npm run sim`, the independent witness).
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";

export const LOG_DIR = path.resolve("test-results/faults");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (error) {
      if (error instanceof Error && error.message.includes("exited during start")) throw error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function ok(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.ok;
}

type Managed = { name: string; child: ChildProcess; exited: Promise<number | null> };

/** Every process we started: killed if the suite itself is interrupted, so none outlives it. */
const children = new Set<ChildProcess>();
export function killAllChildren() {
  for (const child of children) child.kill("SIGKILL");
}

function launch(name: string, file: string, args: string[], env: Record<string, string>, opts: { group?: boolean } = {}): Managed {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(path.join(LOG_DIR, `${name}.log`), { flags: "a" });
  log.write(`\n--- start ${new Date().toISOString()} ---\n`);
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: opts.group });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => {
      children.delete(child);
      log.write(`--- exit ${new Date().toISOString()} code ${code} signal ${signal} ---\n`);
      resolve(code);
    }),
  );
  return { name, child, exited };
}

export class AppServer {
  private proc: Managed | null = null;
  starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.proc?.child.pid ?? null;
  }

  async start() {
    this.starts += 1;
    // As `npm start` runs it in production: the node:http front that reads the socket's address.
    this.proc = launch(this.name, process.execPath, ["server/start.mjs"], {
      ...this.env,
      PORT: String(this.port),
      NEXTAUTH_URL: this.origin,
    });
    const started = Date.now();
    const proc = this.proc;
    // Healthy means *this* process answers: fail at once if it exits (e.g. the port is taken).
    let exited = false;
    void proc.exited.then(() => (exited = true));
    await waitFor(`${this.name} /api/health`, async () => {
      if (exited) throw new Error(`${this.name} exited during start (see ${LOG_DIR}/${this.name}.log)`);
      return ok(`${this.origin}/api/health`);
    }, 90_000);
    if (exited) throw new Error(`${this.name} exited during start (see ${LOG_DIR}/${this.name}.log)`);
    return Date.now() - started;
  }

  /** kill -9: no shutdown hook runs, whatever was in flight is cut where it stood. */
  async kill(signal: NodeJS.Signals = "SIGKILL") {
    const proc = this.proc;
    if (!proc) return;
    proc.child.kill(signal);
    await proc.exited;
    this.proc = null;
  }
}

export class SimServer {
  private proc: Managed | null = null;

  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get origin() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.proc = launch("sim", process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/sim/main.ts"], {
      SIM_PORT: String(this.port),
      SIM_DATA_DIR: this.dataDir,
      LOG_LEVEL: "info",
    });
    await waitFor("simulator", async () => (await fetch(`${this.origin}/api/sim/providers`, { headers: this.auth(), signal: AbortSignal.timeout(2000) })).status < 500, 90_000);
  }

  /** The witness must be there: start it again (its books are on disk) if anything stopped it. */
  async ensureUp() {
    const alive = await fetch(`${this.origin}/api/sim/providers`, { headers: this.auth(), signal: AbortSignal.timeout(3000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (!alive) {
      await this.stop();
      await this.start();
    }
  }

  async stop() {
    const proc = this.proc;
    if (!proc) return;
    proc.child.kill("SIGTERM");
    await proc.exited;
    this.proc = null;
  }

  /** Every order each provider received, as its own books say (the witness). */
  async orders(): Promise<{ provider: string; order_id: string; state: string; performed: boolean }[]> {
    return this.resilient(() => this.ordersOnce());
  }

  private async ordersOnce(): Promise<{ provider: string; order_id: string; state: string; performed: boolean }[]> {
    const out = [];
    for (const provider of ["alpha", "bravo", "charlie"]) {
      const res = await fetch(`${this.origin}/api/sim/providers/${provider}/orders`, { headers: this.auth() });
      if (!res.ok) throw new Error(`sim orders ${provider}: ${res.status}`);
      const body = (await res.json()) as { orders: { order_id: string; state: string; performed: boolean }[] };
      // An order id may carry the "-N" attempt suffix the provider saw.
      for (const o of body.orders) out.push({ provider, order_id: o.order_id.replace(/-\d+$/, ""), state: o.state, performed: o.performed });
    }
    return out;
  }

  private auth(): Record<string, string> {
    return process.env.SIM_CONTROL_TOKEN ? { authorization: `Bearer ${process.env.SIM_CONTROL_TOKEN}` } : {};
  }

  /** The simulator keeps its books on disk: if anything stopped it, start it again and retry once. */
  private async resilient<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch {
      await this.ensureUp();
      return fn();
    }
  }

  async control(name: string, body: Record<string, unknown>) {
    return this.resilient(() => this.controlOnce(name, body));
  }

  private async controlOnce(name: string, body: Record<string, unknown>) {
    const res = await fetch(`${this.origin}/api/sim/providers/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.auth() },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sim control ${name} ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
    return res.json();
  }
}
