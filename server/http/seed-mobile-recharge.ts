// The seed-compatible endpoint (API.md §5, seed 002): its field names, messages, status codes and
// order of checks, so existing clients work unchanged. Built on the same verbs as v1.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Recharge, recharges } from "@/db/schema";
import { verifyApiKey } from "@/server/accounts/api-keys";
import { getOperatorRow, loadDetectionContext } from "@/server/catalog/catalog";
import { numberMatchesOperator, validateAmount } from "@/server/catalog/detect";
import { parsePhone } from "@/server/catalog/numbers";
import { operatorDefFromRow } from "@/server/catalog/catalog";
import type { Ctx } from "@/server/context";
import { env } from "@/server/env.mjs";
import { AppError } from "@/server/lib/errors";
import { ipAllowed } from "@/server/lib/ip";
import { databaseUnavailableCode } from "@/server/lib/db-errors";
import { logger } from "@/server/lib/logger";
import { hitRateLimit } from "@/server/lib/rate-limit";
import { formatAmount, parseAmount } from "@/server/lib/money";
import { rechargeCreated } from "@/server/jobs/notify";
import { createRecharge } from "@/server/recharge/create";
import { rewardBlock } from "@/server/rewards/award";

export const SEED_OPERATORS = ["GP", "GP ST", "BL", "RB", "AT", "TT"] as const;
const FINAL = new Set(["succeeded", "failed", "refunded", "reversed"]);

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };
const error = (status: number, message: string, extra: Record<string, unknown> = {}): Answer => ({ status, body: { error: message, ...extra } });
const tooMany = (retryAfterSeconds: number): Answer => ({
  status: 429,
  body: { error: "Too many requests.", retry_after_seconds: retryAfterSeconds },
  headers: { "retry-after": String(retryAfterSeconds) },
});

// Requests of this process that are holding a connection open while they wait for an outcome.
let waiting = 0;
/** How many seed requests are waiting for an outcome right now (this process). */
export const seedRequestsWaiting = () => waiting;

// A value Postgres cannot store (NUL bytes) counts as missing: the seed answers 422 for that.
const str = (v: unknown) => (typeof v === "string" ? (v.includes("\u0000") ? "" : v.trim()) : typeof v === "number" ? String(v) : "");

async function waitForOutcome(db: Awaited<ReturnType<typeof getDb>>, id: string, deadline: number): Promise<Recharge> {
  for (;;) {
    const [r] = await db.select().from(recharges).where(eq(recharges.id, id));
    if (FINAL.has(r.status) || Date.now() >= deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

export async function seedMobileRecharge(params: Record<string, unknown>, meta: { ip: string; requestId: string }): Promise<Answer> {
  const p = {
    api_key: str(params.api_key),
    api_secret: str(params.api_secret),
    phone: str(params.phone),
    amount: str(params.amount),
    operator: str(params.operator),
    account_type: str(params.account_type) || "prepaid",
  };
  const db = await getDb();
  // Per client address first, so guessing credentials is as limited as using them.
  const byIp = await hitRateLimit(db, `seed:ip:${meta.ip}`, env.API_IP_RATE_LIMIT_PER_MINUTE, 60);
  if (!byIp.allowed) return tooMany(byIp.retryAfterSeconds);
  if (!p.api_key || !p.api_secret || !p.phone || !p.amount || !p.operator) return error(422, "Missing required parameters.");

  // The same per-key budget as the v1 API: one key, one limit, whichever interface it calls. The
  // lookup counts it for a key without an allow-list (see verifyApiKey), else it is counted below.
  const key = await verifyApiKey(db, p.api_key, p.api_secret, { rateLimit: { limit: env.API_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 } });
  if (!key || !ipAllowed(meta.ip, key.ipAllowlist)) return error(401, "Invalid API credentials.");
  const account = key.account;
  if (account.status !== "active") return error(401, "Invalid API credentials.");
  const byKey = key.rateLimit ?? (await hitRateLimit(db, `api:${key.id}`, env.API_RATE_LIMIT_PER_MINUTE, 60));
  if (!byKey.allowed) return tooMany(byKey.retryAfterSeconds);

  if (p.account_type !== "prepaid" && p.account_type !== "postpaid") return error(422, "Invalid account type.");
  if (!(SEED_OPERATORS as readonly string[]).includes(p.operator)) return error(422, "Invalid operator.", { allowed_operator: [...SEED_OPERATORS] });

  const row = await getOperatorRow(db, p.operator, key.configVersion);
  const phone = parsePhone(p.phone, "BD");
  if (!row || !phone.ok || phone.country !== "BD") return error(422, "Invalid operator number for this recharge.");
  const context = await loadDetectionContext(db, phone.e164);
  if (!numberMatchesOperator(phone, row.code, context)) return error(422, "Invalid operator number for this recharge.");

  const amount = parseAmount(p.amount, account.currency);
  if (amount === null || amount <= 0n || !validateAmount(operatorDefFromRow(row), amount, p.account_type).ok) return error(422, "Invalid recharge amount.");

  const ctx: Ctx = { db, requestId: meta.requestId, actor: { type: "api_key", keyId: key.id, accountId: key.accountId, role: account.type }, configVersion: key.configVersion, apiAccount: key.account };
  let recharge: Recharge;
  try {
    const created = await createRecharge({
      ctx,
      input: { reference: `SEED-${randomUUID()}`, phone: phone.national, operator: row.code, amount: formatAmount(amount, account.currency), account_type: p.account_type },
      options: { channel: "seed_api" },
    });
    if (created.kind === "validated") throw new Error("unreachable");
    recharge = created.recharge;
  } catch (e) {
    if (e instanceof AppError) {
      if (e.code === "insufficient_balance") return error(422, "Insufficient balance.");
      if (e.code === "duplicate_recharge") return error(422, "Duplicate recharge.", { retry_after_seconds: e.details.retry_after_seconds });
      if (e.code === "invalid_amount") return error(422, "Invalid recharge amount.");
      if (e.code === "operator_number_mismatch") return error(422, "Invalid operator number for this recharge.");
    }
    if (databaseUnavailableCode(e)) throw e; // nothing was created: the route answers 503
    logger.error({ err: e, request_id: meta.requestId }, "seed recharge failed");
    return error(500, "Transaction failed.");
  }

  // The first step runs now; then wait (bounded) for a final answer, as seed clients expect one.
  // Only so many requests may hold a connection while waiting: past that, the order (already
  // accepted) is answered as Pending at once, to be followed in v1.
  const mayWait = waiting < env.SEED_API_MAX_WAITING;
  if (mayWait) waiting += 1;
  const deadline = Date.now() + (mayWait ? env.SEED_API_WAIT_MS : 0);
  // The order is committed: from here on the caller must hear of it (Pending with its id) even if
  // the database goes away while we wait, or a seed client, which has no reference to retry with,
  // would take the error for "not created" and send it again.
  let r = recharge;
  try {
    await rechargeCreated(recharge.id);
    r = await waitForOutcome(db, recharge.id, deadline);
  } catch (e) {
    logger.warn({ code: databaseUnavailableCode(e) ?? "error", request_id: meta.requestId, recharge_id: recharge.id }, "seed recharge: answering Pending after an error while waiting");
  } finally {
    if (mayWait) waiting -= 1;
  }
  const before = r.balanceBefore ?? 0n;
  const base = {
    full_name: account.name,
    phone: r.target,
    amount: formatAmount(r.amount, r.currency),
    operator_name: row.name,
  };
  if (r.status === "succeeded") {
    return {
      status: 200,
      body: {
        success: true,
        ...base,
        commission_amount: formatAmount(r.commission, r.currency),
        before_balance: formatAmount(before, r.currency),
        after_balance: formatAmount(before - r.amount + r.commission, r.currency),
        operator_transaction_id: r.operatorTransactionId,
        status: "Success",
        // Rewards were granted with the capture; only reading them back can fail here.
        reward: await rewardBlock(db, r).catch(() => ({ ok: false, message: "Rewards are being processed." })),
      },
    };
  }
  if (FINAL.has(r.status)) {
    return {
      status: 200,
      body: {
        success: false,
        ...base,
        commission_amount: formatAmount(0n, r.currency),
        before_balance: formatAmount(before, r.currency),
        after_balance: formatAmount(before, r.currency),
        operator_transaction_id: null,
        status: "Failed",
        failure_reason: r.failureReason ?? "Something wrong please try again later.",
      },
    };
  }
  return {
    status: 200,
    body: {
      success: true,
      ...base,
      commission_amount: formatAmount(r.commission, r.currency),
      before_balance: formatAmount(before, r.currency),
      after_balance: formatAmount(before - r.amount, r.currency),
      operator_transaction_id: null,
      status: "Pending",
      transaction_id: r.id,
    },
  };
}
