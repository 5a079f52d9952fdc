import { createHash } from "node:crypto";
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { accounts, type Recharge, rechargeEvents, recharges } from "@/db/schema";
import { getOperatorRow, loadDetectionContext, operatorDefFromRow, detectNumber } from "@/server/catalog/catalog";
import { accountMatchesOperator, amountError, numberMatchesOperator } from "@/server/catalog/detect";
import { parsePhone } from "@/server/catalog/numbers";
import type { Country, OperatorDef } from "@/server/catalog/operators";
import { type Ctx, scopedAccountId, withTransaction } from "@/server/context";
import { getAccountWallet, placeHold } from "@/server/ledger";
import { AppError, Forbidden, NotFound } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { formatAmount, parseAmount } from "@/server/lib/money";
import { providersServing } from "@/server/providers/router";
import { commissionFor } from "./commission";
import { CreateRechargeInput, type CreateRechargeParsed, zodDetails } from "./schemas";

const COUNTRY_OF_CURRENCY: Record<string, Country> = { BDT: "BD", INR: "IN", CNY: "CN" };

export type CreateRechargeOptions = { channel: Recharge["channel"]; idempotencyKey?: string | null };

export type CreateRechargeResult =
  | { kind: "created"; recharge: Recharge }
  | { kind: "existing"; recharge: Recharge }
  | { kind: "validated"; preview: ValidationPreview };

export type ValidationPreview = {
  valid: true;
  service: string;
  country: string;
  operator: string;
  target: string;
  amount: string;
  currency: string;
  commission: string;
  provider_available: true;
  balance_available: string;
  balance_after: string;
};

/**
 * Hash of the request as the client sent it (not as we interpreted it: an operator we detected, or a
 * limit that changed, must not make an honest replay look like a different order).
 */
function sentRequestHash(input: CreateRechargeParsed) {
  const sent = {
    service: input.service,
    phone: input.phone ?? null,
    account: input.account ?? null,
    biller: input.biller ?? null,
    operator: input.operator ?? null,
    amount: input.amount,
    account_type: input.account_type,
    notify_url: input.notify_url ?? null,
  };
  return `${SENT_HASH_PREFIX}${createHash("sha256").update(JSON.stringify(sent)).digest("hex")}`;
}
const SENT_HASH_PREFIX = "v2:";

const digits = (value: string) => value.replace(/\D/g, "");

/** Orders recorded before request hashes were taken as sent: compare the request with what was stored. */
function matchesStoredOrder(existing: Recharge, input: CreateRechargeParsed) {
  const amount = parseAmount(input.amount, existing.currency);
  const target =
    input.service === "mobile"
      ? (() => {
          const sent = digits(input.phone ?? "");
          const stored = digits(existing.target).replace(/^0+/, "");
          return stored.length > 0 && sent.endsWith(stored);
        })()
      : (input.account ?? "").replace(/\s+/g, "") === existing.target;
  const operator = input.service === "mobile" ? input.operator : (input.biller ?? input.operator);
  return (
    existing.service === input.service &&
    amount === existing.amount &&
    target &&
    (!operator || operator === existing.operator) &&
    existing.accountType === input.account_type &&
    (input.notify_url ?? null) === existing.notifyUrl
  );
}

async function findExisting(db: Ctx["db"], accountId: string, reference: string, idempotencyKey: string | null | undefined) {
  const byRef = await db.select().from(recharges).where(and(eq(recharges.accountId, accountId), eq(recharges.reference, reference)));
  if (byRef[0]) return byRef[0];
  if (!idempotencyKey) return null;
  const byKey = await db.select().from(recharges).where(and(eq(recharges.accountId, accountId), eq(recharges.idempotencyKey, idempotencyKey)));
  return byKey[0] ?? null;
}

function replay(existing: Recharge, input: CreateRechargeParsed, hash: string): CreateRechargeResult {
  const same = existing.requestHash.startsWith(SENT_HASH_PREFIX) ? existing.requestHash === hash : matchesStoredOrder(existing, input);
  if (!same) {
    throw new AppError("idempotency_conflict", "This reference was already used for a recharge with different parameters.", {
      reference: existing.reference,
      recharge_id: existing.id,
    });
  }
  return { kind: "existing", recharge: existing };
}

/** The duplicate guard's question: the same top-up by this account within the operator's window? */
async function findDuplicate(db: Ctx["db"], key: { accountId: string; target: string; operator: string; amount: bigint; windowSeconds: number }) {
  const since = new Date(Date.now() - key.windowSeconds * 1000);
  const [dup] = await db
    .select({ id: recharges.id, createdAt: recharges.createdAt })
    .from(recharges)
    .where(
      and(
        eq(recharges.accountId, key.accountId),
        eq(recharges.target, key.target),
        eq(recharges.operator, key.operator),
        eq(recharges.amount, key.amount),
        gte(recharges.createdAt, since),
        inArray(recharges.status, ["received", "held", "submitting", "pending", "succeeded"]),
      ),
    )
    .orderBy(desc(recharges.createdAt))
    .limit(1);
  if (!dup) return null;
  const retryAfter = Math.max(1, Math.ceil((dup.createdAt.getTime() + key.windowSeconds * 1000 - Date.now()) / 1000));
  return new AppError("duplicate_recharge", "The same recharge was made moments ago. Send allow_duplicate: true to repeat it on purpose.", {
    recharge_id: dup.id,
    retry_after_seconds: retryAfter,
  });
}

/**
 * Validates, detects, checks limits and duplicates, then in one transaction writes the order, holds
 * its amount and records the first event. Idempotent on (account, reference): a replay returns the
 * first order, also when two requests race. Processing starts after commit (see server/jobs).
 */
export async function createRecharge(args: { ctx: Ctx; input: CreateRechargeInput; options: CreateRechargeOptions; accountId?: string }): Promise<CreateRechargeResult> {
  const parsed = CreateRechargeInput.safeParse(args.input);
  if (!parsed.success) throw new AppError("validation_failed", "Some fields are invalid.", zodDetails(parsed.error));
  const input = parsed.data;
  const { ctx } = args;
  const accountId = scopedAccountId(ctx, args.accountId);
  // The API's key lookup already read the account (and its wallet) for this request.
  const known = ctx.apiAccount?.id === accountId ? ctx.apiAccount : null;
  const account = known ?? (await ctx.db.select().from(accounts).where(eq(accounts.id, accountId)))[0];
  if (!account) throw NotFound("Account");
  if (account.status !== "active") throw Forbidden("This account is suspended.");

  // 0. A replay is judged before anything that may have changed since (operator switched off, limits,
  // detection): the order exists, so the answer is that order, never a 4xx the client could read as
  // "not created" and retry under a new reference.
  const hash = sentRequestHash(input);
  if (!input.validate_only) {
    const existing = await findExisting(ctx.db, accountId, input.reference, args.options.idempotencyKey);
    if (existing) return replay(existing, input, hash);
  }

  // 1. Operator and target.
  const operatorCode = input.service === "mobile" ? input.operator : (input.biller ?? input.operator);
  let operator: OperatorDef | null = null;
  let target: string;
  let country: Country;
  let e164: string | null = null;
  if (operatorCode) {
    const row = await getOperatorRow(ctx.db, operatorCode, ctx.configVersion);
    if (!row || !row.enabled || !row.services.includes(input.service)) {
      throw new AppError("invalid_operator", `Unknown or unavailable ${input.service === "mobile" ? "operator" : "biller"}: ${operatorCode}.`, { operator: operatorCode });
    }
    operator = operatorDefFromRow(row);
  }
  if (input.service === "mobile") {
    const defaultCountry = operator?.country ?? COUNTRY_OF_CURRENCY[account.currency];
    const phone = parsePhone(input.phone!, defaultCountry);
    if (!phone.ok) throw new AppError("validation_failed", "The phone number is not valid.", { phone: phone.reason });
    e164 = phone.e164;
    target = phone.national;
    country = phone.country;
    if (operator) {
      const context = await loadDetectionContext(ctx.db, phone.e164);
      if (operator.country !== phone.country || !numberMatchesOperator(phone, operator, context)) {
        throw new AppError("operator_number_mismatch", `The number ${phone.national} does not belong to ${operator.name}.`, { phone: phone.national, operator: operator.code });
      }
    } else {
      const detected = await detectNumber(ctx.db, input.phone!, defaultCountry);
      const code = detected.ok ? detected.detection.operator : null;
      const row = code ? await getOperatorRow(ctx.db, code, ctx.configVersion) : null;
      if (!row || !row.enabled) throw new AppError("invalid_operator", "Could not tell the operator of this number; send `operator`.", { phone: target });
      operator = operatorDefFromRow(row);
    }
  } else {
    if (!operator) throw new AppError("invalid_operator", "Unknown biller.", {});
    target = input.account!.replace(/\s+/g, "");
    country = operator.country;
    if (!accountMatchesOperator(operator, target)) {
      throw new AppError("validation_failed", `This is not a valid ${operator.accountLabel ?? "account number"} for ${operator.name}.`, { account: target });
    }
  }
  if (operator.currency !== account.currency) {
    throw new AppError("invalid_operator", `${operator.name} is paid in ${operator.currency}; this account's wallet is in ${account.currency}.`, { operator: operator.code });
  }

  // 2. Amount.
  const amount = parseAmount(input.amount, account.currency);
  if (amount === null || amount <= 0n) throw new AppError("invalid_amount", "The amount must be a positive decimal like 20.00.", { amount: input.amount });
  const amountProblem = amountError(operator, amount, input.account_type);
  if (amountProblem) throw amountProblem;

  // 3. Someone able to serve it.
  const serving = await providersServing(ctx.db, operator.code, ctx.configVersion);
  if (serving.length === 0) throw new AppError("provider_unavailable", `No provider can serve ${operator.name} right now. Try again later.`, { operator: operator.code });

  // 4. The duplicate guard (operators refuse the same top-up repeated within minutes). For a real
  // order it is decided inside the creating transaction, under a lock on its key (below).
  const guard = !input.allow_duplicate && operator.duplicateWindowSeconds > 0 ? { accountId, target, operator: operator.code, amount, windowSeconds: operator.duplicateWindowSeconds } : null;

  const commission = await commissionFor(ctx.db, { accountId, operator: operator.code, currency: account.currency, amount, configVersion: ctx.configVersion });
  // Its id and currency never change; only a validation reads the balance.
  const wallet = known?.walletId && !input.validate_only ? { id: known.walletId, accountId, currency: account.currency, available: 0n } : await getAccountWallet(ctx.db, accountId);
  if (input.validate_only) {
    const duplicate = guard ? await findDuplicate(ctx.db, guard) : null;
    if (duplicate) throw duplicate;
    if (wallet.available < amount) throw new AppError("insufficient_balance", "The wallet's available balance is too low for this amount.", { available: formatAmount(wallet.available, account.currency) });
    return {
      kind: "validated",
      preview: {
        valid: true,
        service: input.service,
        country,
        operator: operator.code,
        target,
        amount: formatAmount(amount, account.currency),
        currency: account.currency,
        commission: formatAmount(commission, account.currency),
        provider_available: true,
        balance_available: formatAmount(wallet.available, account.currency),
        balance_after: formatAmount(wallet.available - amount, account.currency),
      },
    };
  }

  // 5. One transaction: the duplicate decision, the order, its hold, its first event. Requests for
  // the same top-up are serialized by a transaction-scoped advisory lock on the guard's key, so the
  // second sees the first's committed order; a racing replay of the same reference waits on the unique
  // index, then finds the committed order.
  const id = createId("rch");
  const outcome = await withTransaction(ctx, async (tx): Promise<{ created: Recharge } | { replayed: Recharge | null }> => {
    if (guard) {
      await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`dup|${guard.accountId}|${guard.target}|${guard.operator}|${guard.amount}`}, 0))`);
      const duplicate = await findDuplicate(tx.db, guard);
      if (duplicate) {
        // A racing replay of this very order (same reference or Idempotency-Key) is not a duplicate.
        const replayed = await findExisting(tx.db, accountId, input.reference, args.options.idempotencyKey);
        if (replayed) return { replayed };
        throw duplicate;
      }
    }
    const [order] = await tx.db
      .insert(recharges)
      .values({
        id,
        accountId,
        reference: input.reference,
        requestHash: hash,
        idempotencyKey: args.options.idempotencyKey ?? null,
        channel: args.options.channel,
        service: input.service,
        accountType: input.account_type,
        country,
        operator: operator.code,
        target,
        amount,
        currency: account.currency,
        commission,
        status: "held",
        notifyUrl: input.notify_url ?? null,
        nextRunAt: new Date(),
        metadata: e164 ? { e164 } : {},
      })
      .onConflictDoNothing()
      .returning();
    if (!order) return { replayed: null };
    // Everything that does not need the wallet first: its row is locked from the hold to the commit.
    await tx.db.insert(rechargeEvents).values({ id: createId("evt"), rechargeId: id, accountId, fromStatus: null, toStatus: "held", note: "Order accepted; amount held", data: { amount: formatAmount(amount, account.currency), channel: args.options.channel } });
    const hold = await placeHold(tx, { walletId: wallet.id, amount, owner: { type: "recharge", id }, idempotencyKey: `rch:${id}:hold`, memo: `Recharge ${input.reference}`, wallet: { currency: wallet.currency, accountId } });
    const [final] = await tx.db
      .update(recharges)
      .set({ balanceBefore: hold.availableBefore, balanceAfter: hold.availableAfter })
      .where(eq(recharges.id, id))
      .returning();
    return { created: final };
  });
  if ("created" in outcome) return { kind: "created", recharge: outcome.created };
  const raced = outcome.replayed ?? (await findExisting(ctx.db, accountId, input.reference, args.options.idempotencyKey));
  if (!raced) throw new AppError("internal", "The order could not be recorded.");
  return replay(raced, input, hash);
}

