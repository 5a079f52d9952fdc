import { execFileSync } from "node:child_process";
import postgres from "postgres";

/** The e2e database (the same one e2e/serve.mjs created for the server under test). */
export function e2eDatabaseUrl() {
  const url = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${process.env.E2E_DATABASE ?? "refill_e2e"}`;
  return url.toString();
}

export const sql = postgres(e2eDatabaseUrl(), { max: 2, onnotice: () => {} });

/** Runs the operator CLI against the e2e database and returns its --json document. */
export function cli<T = Record<string, string>>(...args: string[]): T {
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server/cli/main.ts", ...args, "--json"], {
    // PORT: orders placed from the CLI reach the same simulated providers as the server under test.
    env: { ...process.env, DATABASE_URL: e2eDatabaseUrl(), APP_ENV: "development", PORT: process.env.E2E_PORT ?? "3210", LOG_LEVEL: "silent" },
    encoding: "utf8",
  });
  return JSON.parse(out) as T;
}

let n = 0;
export function newMerchant(credit = "1000.00") {
  n += 1;
  const email = `m${Date.now()}${n}@api.test`;
  return cli<{ account_id: string; email: string; api_key: string; api_secret: string; webhook_secret: string }>(
    "account", "create", "--type", "merchant", "--name", `API Merchant ${n}`, "--email", email, "--password", "password-123", "--currency", "BDT", "--credit", credit,
  );
}

export const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;

/** Counts that must not move when a request is refused. */
export async function stateOf(accountId: string) {
  const [row] = await sql`
    SELECT (SELECT count(*) FROM recharges WHERE account_id = ${accountId})::int AS recharges,
           (SELECT count(*) FROM holds WHERE account_id = ${accountId})::int AS holds,
           (SELECT count(*) FROM postings p JOIN wallets w ON w.id = p.wallet_id WHERE w.account_id = ${accountId})::int AS postings,
           (SELECT available::text || '/' || held::text FROM wallets WHERE account_id = ${accountId}) AS wallet`;
  return row;
}
