// The seed-compatible deposit interface (API.md §6, seed 003): its field names, the MD5 sign and the
// `{status, data|err}` shapes, on the same verbs as v1. Every refusal changes nothing.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Deposit, accounts, apiKeys, deposits } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { env } from "@/server/env.mjs";
import { decryptSecret } from "@/server/lib/crypto";
import { AppError } from "@/server/lib/errors";
import { ipAllowed } from "@/server/lib/ip";
import { hitRateLimit } from "@/server/lib/rate-limit";
import { createDeposit, issueDepositAddress } from "./create";
import { verifySeedSign } from "./sign";
import { formatUsdt } from "./units";

export type SeedAnswer = { status: number; body: { status: 1; data: Record<string, unknown> } | { status: 0; err: string } };

const ok = (data: Record<string, unknown>): SeedAnswer => ({ status: 200, body: { status: 1, data } });
const refuse = (err: string, status = 200): SeedAnswer => ({ status, body: { status: 0, err } });

const str = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");

/** The seed's order number for a deposit: stable, derived from its id. */
export const ordersnOf = (d: Deposit) => `cz-${d.id.slice("dep_".length)}`;

/** Checks presence, appid, account, IP, rate limit and sign; returns the acting ctx or a refusal. */
async function authenticate(params: Record<string, unknown>, required: string[], meta: { ip: string; requestId: string }): Promise<{ ctx: Ctx; keyId: string; accountId: string } | SeedAnswer> {
  const missing = required.filter((k) => !str(params[k]));
  if (missing.length) return refuse(`Missing required parameter: ${missing.join(", ")}.`);
  const db = await getDb();
  const [row] = await db
    .select({ key: apiKeys, account: { status: accounts.status, type: accounts.type } })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(and(eq(apiKeys.apiKey, str(params.appid)), or(isNull(apiKeys.revokedAt), gt(apiKeys.revokedAt, sql`now()`))));
  if (!row) return refuse("Invalid appid.");
  if (row.account.status !== "active") return refuse("This account is suspended.");
  if (!ipAllowed(meta.ip, row.key.ipAllowlist)) return refuse("This IP address is not on the appid's allow-list.");
  const limit = await hitRateLimit(db, `api:${row.key.id}`, env.API_RATE_LIMIT_PER_MINUTE, 60);
  if (!limit.allowed) return refuse(`Too many requests; retry in ${limit.retryAfterSeconds} s.`, 429);
  if (!row.key.secretEnc) return refuse("This appid was created before signed requests were supported: rotate the key in the dashboard and use the new one.");
  const plain = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, str(v)]));
  if (!verifySeedSign(plain, decryptSecret(row.key.secretEnc))) return refuse("Invalid sign.");
  return {
    ctx: { db, requestId: meta.requestId, actor: { type: "api_key", keyId: row.key.id, accountId: row.key.accountId, role: row.account.type } },
    keyId: row.key.id,
    accountId: row.key.accountId,
  };
}

function refusalOf(error: unknown): SeedAnswer {
  if (!(error instanceof AppError)) throw error;
  if (error.code === "idempotency_conflict") return refuse("This orderid was already used with other parameters.");
  if (error.code === "validation_failed") {
    const fields = Object.keys(error.details);
    return refuse(fields.length && error.message === "Some fields are invalid." ? `Invalid parameter: ${fields.join(", ")}.` : error.message);
  }
  return refuse(error.message);
}

/** POST /api/merchant/address: a fresh USDT (TRC20) address for the merchant's end user. */
export async function seedIssueAddress(params: Record<string, unknown>, meta: { ip: string; requestId: string }): Promise<SeedAnswer> {
  const auth = await authenticate(params, ["appid", "localusermark", "sign"], meta);
  if ("body" in auth) return auth;
  try {
    const address = await issueDepositAddress({ ctx: auth.ctx, localUserMark: str(params.localusermark).slice(0, 100) });
    return ok({ address: address.address });
  } catch (error) {
    return refusalOf(error);
  }
}

/** POST /api/merchant/TraderRechargeorder: an order expecting `amount` USDT at an issued address. */
export async function seedCreateOrder(params: Record<string, unknown>, meta: { ip: string; requestId: string }): Promise<SeedAnswer> {
  const auth = await authenticate(params, ["username", "appid", "localusermark", "address", "orderid", "amount", "sign"], meta);
  if ("body" in auth) return auth;
  try {
    const notifyUrl = str(params.notify_url);
    const { deposit } = await createDeposit({
      ctx: auth.ctx,
      input: { reference: str(params.orderid), amount: str(params.amount), ...(notifyUrl ? { notify_url: notifyUrl } : {}) },
      options: { channel: "seed", apiKeyId: auth.keyId, address: str(params.address), localUserMark: str(params.localusermark).slice(0, 100), username: str(params.username).slice(0, 100) },
    });
    return ok({ msg: "操作成功", ordersn: ordersnOf(deposit) });
  } catch (error) {
    return refusalOf(error);
  }
}

/** POST /api/merchant/orderquery: the periodic status check that backs up the callback. */
export async function seedQueryOrder(params: Record<string, unknown>, meta: { ip: string; requestId: string }): Promise<SeedAnswer> {
  const auth = await authenticate(params, ["appid", "orderid", "sign"], meta);
  if ("body" in auth) return auth;
  const [d] = await auth.ctx.db.select().from(deposits).where(and(eq(deposits.accountId, auth.accountId), eq(deposits.reference, str(params.orderid))));
  if (!d) return refuse("No order with this orderid.");
  return ok({
    ordersn: ordersnOf(d),
    orderid: d.reference,
    state: d.status,
    amount: formatUsdt(d.expectedMicro),
    received: formatUsdt(d.receivedMicro),
    flags: d.flags,
    credited_at: d.creditedAt?.toISOString() ?? null,
  });
}
