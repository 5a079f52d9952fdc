// Operator CLI (API.md §8): `npm run cli -- <command> [--json]`. Parses arguments, calls a domain
// verb, prints. With --json, exactly one JSON document goes to stdout.
import { parseArgs } from "node:util";
import { closeDb, getDb, migrateDb } from "@/db/client";
import { createAccount, createAdminUser } from "@/server/accounts/accounts";
import { createApiKey, revokeApiKey } from "@/server/accounts/api-keys";
import { formatDemoCredentials, seedDemo } from "@/server/accounts/demo";
import { adjustWallet } from "@/server/accounts/wallet";
import { type Ctx, createCtx } from "@/server/context";
import { checkLedger } from "@/server/ledger";
import { AppError } from "@/server/lib/errors";
import { extraCommands } from "./commands";
import { reconCommands } from "./recon-commands";
import { depositCommands } from "./deposits";

type Options = Record<string, string | boolean | undefined>;
export type Command = { usage: string; run: (ctx: Ctx, o: Options) => Promise<{ json: unknown; text?: string; exitCode?: number }> };

const str = (o: Options, name: string, required = true): string => {
  const v = o[name];
  if (typeof v === "string" && v.length) return v;
  if (required) throw new AppError("validation_failed", `--${name} is required.`, { [name]: "required" });
  return "";
};

const COMMANDS: Record<string, Command> = {
  migrate: {
    usage: "migrate",
    run: async () => {
      await migrateDb();
      return { json: { ok: true }, text: "Migrations applied." };
    },
  },
  "account create": {
    usage: "account create --type merchant|retailer --name NAME --email EMAIL --password PW --currency BDT [--credit 1000.00] [--parent ACCOUNT_ID]",
    run: async (ctx, o) => {
      const type = str(o, "type");
      if (type !== "merchant" && type !== "retailer") throw new AppError("validation_failed", "--type must be merchant or retailer.", { type });
      const created = await createAccount({
        ctx,
        input: { type, name: str(o, "name"), email: str(o, "email"), password: str(o, "password"), currency: str(o, "currency", false) || "BDT", credit: str(o, "credit", false) || undefined, parentAccountId: str(o, "parent", false) || undefined },
      });
      const json = { account_id: created.account_id, email: created.email, api_key: created.api_key, api_secret: created.api_secret, webhook_secret: created.webhook_secret };
      return { json, text: `Created ${type} ${created.account_id} (${created.email})\n${created.api_key ? `API key: ${created.api_key}\nAPI secret: ${created.api_secret} (shown once)` : `No API key (create one with: key create --account ${created.account_id})`}\nWebhook secret: ${created.webhook_secret}` };
    },
  },
  "wallet credit": {
    usage: "wallet credit --account ID --amount 100.00 [--note TEXT] [--idempotency-key KEY]",
    run: async (ctx, o) => {
      const r = await adjustWallet({ ctx, input: { accountId: str(o, "account"), amount: str(o, "amount"), note: str(o, "note", false) || undefined, idempotencyKey: str(o, "idempotency-key", false) || undefined } });
      return { json: r, text: `Credited. Balance: ${r.balance.available} ${r.balance.currency} available, ${r.balance.held} held.` };
    },
  },
  "wallet debit": {
    usage: "wallet debit --account ID --amount 100.00 [--note TEXT]",
    run: async (ctx, o) => {
      const r = await adjustWallet({ ctx, input: { accountId: str(o, "account"), amount: str(o, "amount"), direction: "debit", note: str(o, "note", false) || undefined } });
      return { json: r, text: `Debited. Balance: ${r.balance.available} ${r.balance.currency} available.` };
    },
  },
  "user create": {
    usage: "user create --role admin --email EMAIL --password PW [--name NAME]",
    run: async (ctx, o) => {
      if (str(o, "role") !== "admin") throw new AppError("validation_failed", "Only --role admin is created this way; merchant and retailer users come with `account create`.", { role: o.role });
      const r = await createAdminUser({ ctx, input: { email: str(o, "email"), password: str(o, "password"), name: str(o, "name", false) || undefined } });
      return { json: r, text: `Created admin ${r.email}` };
    },
  },
  "key create": {
    usage: "key create --account ID [--name NAME] [--ip CIDR,CIDR]",
    run: async (ctx, o) => {
      const ips = str(o, "ip", false);
      const r = await createApiKey({ ctx, input: { accountId: str(o, "account"), name: str(o, "name", false) || undefined, ipAllowlist: ips ? ips.split(",") : [] } });
      return { json: { api_key: r.api_key, api_secret: r.api_secret }, text: `API key: ${r.api_key}\nAPI secret: ${r.api_secret} (shown once)` };
    },
  },
  "key revoke": {
    usage: "key revoke --key API_KEY",
    run: async (ctx, o) => {
      const r = await revokeApiKey({ ctx, input: { apiKey: str(o, "key") } });
      return { json: { api_key: r.apiKey, revoked_at: r.revokedAt?.toISOString() }, text: `Revoked ${r.apiKey}` };
    },
  },
  "ledger check": {
    usage: "ledger check",
    run: async (ctx) => {
      const violations = await checkLedger(ctx.db);
      const text = violations.length ? violations.map((v) => `${v.invariant}: ${JSON.stringify(v.detail)}`).join("\n") : "Ledger OK: every invariant holds.";
      return { json: { ok: violations.length === 0, violations }, text, exitCode: violations.length ? 1 : 0 };
    },
  },
  "demo seed": {
    usage: "demo seed",
    run: async (ctx) => {
      const creds = await seedDemo(ctx);
      return { json: { seeded: Boolean(creds), accounts: creds ?? [] }, text: creds ? formatDemoCredentials(creds) : "Demo data already present." };
    },
  },
  ...extraCommands,
  ...reconCommands,
  ...depositCommands,
};

function usage() {
  return `Usage: npm run cli -- <command> [--json]\n\nCommands:\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join("\n")}\n`;
}

async function main() {
  const stringOptions = ["type", "name", "email", "password", "currency", "credit", "parent", "account", "amount", "note", "idempotency-key", "role", "key", "ip", "reference", "phone", "operator", "reason", "service", "biller", "account-type", "provider", "date", "address", "count", "confirmations", "notify-url", "rate"];
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    strict: false,
    allowPositionals: true,
    options: { json: { type: "boolean" }, ...Object.fromEntries(stringOptions.map((n) => [n, { type: "string" as const }])) },
  });
  const json = values.json === true;
  const name = [positionals.slice(0, 2).join(" "), positionals[0]].find((n) => n && COMMANDS[n]);
  if (!name) {
    process.stderr.write(positionals.length ? `Unknown command: ${positionals.join(" ")}\n\n${usage()}` : usage());
    return 2;
  }
  const command = COMMANDS[name];
  const args = positionals.slice(name.split(" ").length);
  const options: Options = { ...values, _: args.join(" ") };
  try {
    if (name !== "migrate") await migrateDb();
    await getDb();
    const ctx = await createCtx({ type: "cli" });
    const result = await command.run(ctx, options);
    process.stdout.write(json ? `${JSON.stringify(result.json)}\n` : `${result.text ?? JSON.stringify(result.json, null, 2)}\n`);
    return result.exitCode ?? 0;
  } catch (error) {
    const app = error instanceof AppError ? error : null;
    const payload = { error: { code: app?.code ?? "internal", message: app?.message ?? (error as Error).message, details: app?.details ?? {} } };
    if (json) process.stdout.write(`${JSON.stringify(payload)}\n`);
    process.stderr.write(`Error: ${payload.error.message}${Object.keys(payload.error.details).length ? ` ${JSON.stringify(payload.error.details)}` : ""}\n`);
    return app ? 1 : 3;
  } finally {
    await closeDb();
  }
}

main().then((code) => process.exit(code));
