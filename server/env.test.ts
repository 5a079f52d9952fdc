// Boots the real configuration in a child process, as `npm start` and the CLI do, to prove which
// deployments are refused before anything listens or touches the database.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const SETTINGS = ["APP_ENV", "DATABASE_URL", "NEXTAUTH_SECRET", "ENCRYPTION_KEY", "INNGEST_DEV", "SIMULATOR", "TRUSTED_PROXIES", "SIM_CONTROL_TOKEN", "SKIP_ENV_VALIDATION"];
const SESSION = "s".repeat(40);
const KEY = "k".repeat(40);

function run(args: string[], vars: Record<string, string>) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !SETTINGS.includes(k)) env[k] = v;
  const out = spawnSync(process.execPath, args, { cwd: root, env: { ...env, ...vars } as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
  return { code: out.status, output: `${out.stdout}\n${out.stderr}` };
}

/** Loads server/env.mjs with these settings and prints what it resolved. */
const loadEnv = (vars: Record<string, string>) =>
  run(["--input-type=module", "-e", `const m = await import("./server/env.mjs"); console.log(JSON.stringify({ app: m.env.APP_ENV, inngestDev: m.env.INNGEST_DEV ?? null, sims: m.simulatorsEnabled() }));`], vars);

describe("deployment settings", { timeout: 60_000 }, () => {
  it("refuses to start a server on a real database without APP_ENV, and says what to set", () => {
    // The real start script, not a copy of its check: it exits before Next (or a database) is touched.
    const boot = run(["server/start.mjs"], { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/refill_unused", PORT: "3329" });
    expect(boot.code).toBe(1);
    expect(boot.output).toContain("APP_ENV=production");
    expect(boot.output).toContain("APP_ENV=development");
    // The CLI and every other importer of the settings refuse the same way.
    expect(loadEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/refill_unused" }).code).not.toBe(0);
  });

  it("keeps the local trial working: no DATABASE_URL and no APP_ENV is development", () => {
    const trial = loadEnv({});
    expect(trial.code).toBe(0);
    expect(JSON.parse(trial.output.trim().split("\n")[0])).toMatchObject({ app: "development", sims: true });
    expect(loadEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", APP_ENV: "development" }).code).toBe(0);
  });

  it("refuses a mistyped APP_ENV instead of falling back to development", () => {
    expect(loadEnv({ APP_ENV: "prod", NEXTAUTH_SECRET: SESSION, ENCRYPTION_KEY: KEY }).code).not.toBe(0);
  });

  it("production requires its own session secret and a separate encryption key", () => {
    expect(loadEnv({ APP_ENV: "production" }).code).not.toBe(0);
    expect(loadEnv({ APP_ENV: "production", NEXTAUTH_SECRET: SESSION }).code).not.toBe(0);
    expect(loadEnv({ APP_ENV: "production", NEXTAUTH_SECRET: SESSION, ENCRYPTION_KEY: SESSION }).code).not.toBe(0);
    expect(loadEnv({ APP_ENV: "production", NEXTAUTH_SECRET: "refill-development-secret-do-not-use-in-production", ENCRYPTION_KEY: KEY }).code).not.toBe(0);
    const ok = loadEnv({ APP_ENV: "production", NEXTAUTH_SECRET: SESSION, ENCRYPTION_KEY: KEY });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.output.trim().split("\n")[0])).toMatchObject({ app: "production", sims: false });
  });

  it("parses INNGEST_DEV strictly: 0 and false mean off, and production refuses dev mode", () => {
    const off = (v: string) => JSON.parse(loadEnv({ INNGEST_DEV: v }).output.trim().split("\n")[0]).inngestDev;
    expect(off("0")).toBe(false);
    expect(off("false")).toBe(false);
    expect(off("1")).toBe(true);
    expect(loadEnv({ INNGEST_DEV: "yes" }).code).not.toBe(0);
    expect(loadEnv({ APP_ENV: "production", NEXTAUTH_SECRET: SESSION, ENCRYPTION_KEY: KEY, INNGEST_DEV: "1" }).code).not.toBe(0);
    expect(loadEnv({ APP_ENV: "production", NEXTAUTH_SECRET: SESSION, ENCRYPTION_KEY: KEY, INNGEST_DEV: "0" }).code).toBe(0);
  });
});
