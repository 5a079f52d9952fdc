import { createHash } from "node:crypto";
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { fromRow, rowsOf } from "@/db/client";
import { accounts, type Recharge, recharges, wallets } from "@/db/schema";
import { detectionContextColumns, detectionContextOf, detectParsed, getOperatorRow, operatorDefFromRow } from "@/server/catalog/catalog";
import { accountMatchesOperator, amountError, type DetectionContext, numberMatchesOperator } from "@/server/catalog/detect";
import { type ParsedPhone, parsePhone } from "@/server/catalog/numbers";
import type { Country, OperatorDef } from "@/server/catalog/operators";
import { type Ctx, scopedAccountId, withTransaction } from "@/server/context";
import { getAccountWallet } from "@/server/ledger";
import { AppError, Forbidden, InsufficientBalance, NotFound } from "@/server/lib/errors";
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
        inArray(recharges.status, [...DUPLICATE_STATUSES]),
      ),
    )
    .orderBy(desc(recharges.createdAt))
    .limit(1);
  return dup ? duplicateError(dup, key.windowSeconds) : null;
}

const DUPLICATE_STATUSES = ["received", "held", "submitting", "pending", "succeeded"] as const;

/** The order this reference (or Idempotency-Key) already names, the first by reference. */
function existingOrderSql(accountId: string, reference: string, idempotencyKey: string | null) {
  return sql`SELECT * FROM recharges WHERE account_id = ${accountId} AND (reference = ${reference} OR idempotency_key = ${idempotencyKey}::text)
    ORDER BY (reference = ${reference}) DESC LIMIT 1`;
}

/**
 * One query before any judgement: the order a replay names (none for a validation) and what is known
 * about the number (portability override, rejections, learned operator) when there is one.
 */
async function lookUp(db: Ctx["db"], q: { accountId: string; reference: string | null; idempotencyKey: string | null; e164: string | null }) {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT existing.*, known.* FROM (SELECT ${detectionContextColumns(q.e164)}) AS known
      LEFT JOIN LATERAL (${q.reference === null ? sql`SELECT * FROM recharges WHERE false` : existingOrderSql(q.accountId, q.reference, q.idempotencyKey)}) AS existing ON true`),
  );
  return {
    existing: row.id == null ? null : fromRow(recharges, row),
    context: q.e164 ? detectionContextOf(q.e164, row) : null,
  };
}

type Acceptance = { created: Recharge } | { existing: Recharge } | { duplicate: { id: string; createdAt: Date } } | { raced: true };

/**
 * The order's writes in ONE statement (atomic on its own): lock the wallet row, then, unless the
 * reference (or Idempotency-Key) already names an order or the duplicate guard finds the same top-up,
 * insert the order with its balance before/after, move the wallet's cached balance (conditional, as
 * postJournal does), write the hold's journal, its two postings, the hold and the order's first event.
 * The duplicate guard is only sound under the caller's advisory lock on its key, taken in an earlier
 * statement of the same transaction (this statement's snapshot then shows the previous holder's order).
 */
async function acceptOrder(
  db: Ctx["db"],
  o: {
    id: string;
    accountId: string;
    walletId: string;
    reference: string;
    idempotencyKey: string | null;
    requestHash: string;
    channel: Recharge["channel"];
    service: Recharge["service"];
    accountType: Recharge["accountType"];
    country: string;
    operator: string;
    target: string;
    amount: bigint;
    currency: string;
    commission: bigint;
    notifyUrl: string | null;
    metadata: Record<string, unknown>;
    guard: { since: Date } | null;
  },
): Promise<Acceptance> {
  const amount = o.amount.toString();
  const journalId = createId("jnl");
  // `moved` takes available from the locked row (`wallet`), not from this statement's snapshot: the
  // snapshot predates the wait for the lock, and a credit committed meanwhile would make a re-check on it
  // refuse what the locked balance pays (the CHECK on available stays the backstop; held is recomputed
  // on the newest row).
  // `hold_placed` is an assertion: an order is written only with its wallet moved. Under the row lock
  // taken first the conditional update cannot miss; if it ever did, its cast fails and the whole
  // statement (order, hold, postings, event) is undone: it may run on its own, outside any transaction.
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      WITH existing AS (${existingOrderSql(o.accountId, o.reference, o.idempotencyKey)}),
      dup AS (
        SELECT id, created_at FROM recharges
        WHERE ${o.guard !== null} AND account_id = ${o.accountId} AND target = ${o.target} AND operator = ${o.operator} AND amount = ${amount}::bigint
          AND created_at >= ${(o.guard?.since ?? new Date(0)).toISOString()}::timestamptz AND status IN (${sql.join(DUPLICATE_STATUSES.map((st) => sql`${st}`), sql`, `)})
        ORDER BY created_at DESC LIMIT 1
      ),
      wallet AS (
        SELECT available FROM wallets WHERE id = ${o.walletId} AND currency = ${o.currency} AND kind = 'customer' FOR UPDATE
      ),
      created AS (
        INSERT INTO recharges (id, account_id, reference, request_hash, idempotency_key, channel, service, account_type, country, operator, target,
          amount, currency, commission, status, balance_before, balance_after, notify_url, next_run_at, metadata)
        SELECT ${o.id}, ${o.accountId}, ${o.reference}, ${o.requestHash}, ${o.idempotencyKey}::text, ${o.channel}, ${o.service}, ${o.accountType}, ${o.country},
          ${o.operator}, ${o.target}, ${amount}::bigint, ${o.currency}, ${o.commission.toString()}::bigint, 'held', wallet.available, wallet.available - ${amount}::bigint,
          ${o.notifyUrl}::text, ${new Date().toISOString()}::timestamptz, ${JSON.stringify(o.metadata)}::jsonb
        FROM wallet
        WHERE wallet.available - ${amount}::bigint >= 0 AND NOT EXISTS (SELECT 1 FROM existing) AND NOT EXISTS (SELECT 1 FROM dup)
        ON CONFLICT DO NOTHING
        RETURNING *
      ),
      moved AS (
        UPDATE wallets SET available = (SELECT available FROM wallet) - ${amount}::bigint, held = held + ${amount}::bigint, updated_at = now()
        WHERE id = ${o.walletId} AND EXISTS (SELECT 1 FROM created)
        RETURNING available
      ),
      journal AS (
        INSERT INTO journals (id, idempotency_key, kind, memo, metadata)
        SELECT ${journalId}, ${`rch:${o.id}:hold`}, 'hold', ${`Recharge ${o.reference}`}, ${JSON.stringify({ owner_type: "recharge", owner_id: o.id })}::jsonb FROM created
        RETURNING id
      ),
      posted AS (
        INSERT INTO postings (journal_id, wallet_id, bucket, currency, amount)
        SELECT journal.id, ${o.walletId}, line.bucket, ${o.currency}, line.amount
        FROM journal, (VALUES ('available', -${amount}::bigint), ('held', ${amount}::bigint)) AS line (bucket, amount)
      ),
      hold AS (
        INSERT INTO holds (id, wallet_id, account_id, amount, currency, owner_type, owner_id, hold_journal_id)
        SELECT ${createId("hold")}, ${o.walletId}, ${o.accountId}, ${amount}::bigint, ${o.currency}, 'recharge', ${o.id}, journal.id FROM journal
      ),
      event AS (
        INSERT INTO recharge_events (id, recharge_id, account_id, from_status, to_status, note, data)
        SELECT ${createId("evt")}, created.id, ${o.accountId}, NULL, 'held', 'Order accepted; amount held',
          ${JSON.stringify({ amount: formatAmount(o.amount, o.currency), channel: o.channel })}::jsonb
        FROM created
      )
      SELECT created.*, (SELECT available FROM wallet) AS wallet_available,
        (SELECT id FROM existing) AS existing_id, (SELECT id FROM dup) AS dup_id, (SELECT created_at FROM dup) AS dup_created_at,
        (CASE WHEN (SELECT count(*) FROM moved) = (SELECT count(*) FROM created) THEN '1' ELSE 'refill: an order without its wallet move' END)::int AS hold_placed
      FROM (SELECT 1) AS one LEFT JOIN created ON true`),
  );
  if (row.id != null) return { created: fromRow(recharges, row) };
  // The reference names an order (committed before this statement began): the caller reads it.
  if (row.existing_id != null) return { raced: true };
  if (row.dup_id != null) return { duplicate: { id: String(row.dup_id), createdAt: new Date(row.dup_created_at as string) } };
  if (row.wallet_available == null) throw NotFound("Wallet");
  if (BigInt(row.wallet_available as string) < o.amount) {
    // The locked balance may be short because this very order's twin (a racing retry of the reference)
    // committed while this one waited: its snapshot could not see it. A new statement can.
    const twin = await findExisting(db, o.accountId, o.reference, o.idempotencyKey);
    if (twin) return { existing: twin };
    throw new InsufficientBalance({ wallet_id: o.walletId });
  }
  // The reference (or Idempotency-Key) was taken by a request that committed while this one waited.
  return { raced: true };
}

function duplicateError(dup: { id: string; createdAt: Date }, windowSeconds: number) {
  const retryAfter = Math.max(1, Math.ceil((dup.createdAt.getTime() + windowSeconds * 1000 - Date.now()) / 1000));
  return new AppError("duplicate_recharge", "The same recharge was made moments ago. Send allow_duplicate: true to repeat it on purpose.", {
    recharge_id: dup.id,
    retry_after_seconds: retryAfter,
  });
}

/** The account, with its wallet's id: from the API key lookup of this request, else one query. */
async function actingAccount(ctx: Ctx, accountId: string) {
  if (ctx.apiAccount?.id === accountId) return ctx.apiAccount;
  const [row] = await ctx.db
    .select({ id: accounts.id, status: accounts.status, currency: accounts.currency, walletId: wallets.id })
    .from(accounts)
    .leftJoin(wallets, and(eq(wallets.accountId, accounts.id), eq(wallets.currency, accounts.currency)))
    .where(eq(accounts.id, accountId));
  return row;
}

/**
 * Validates, detects, checks limits and duplicates, then writes the order, holds its amount and
 * records the first event in one statement. Idempotent on (account, reference) and on the
 * Idempotency-Key: a replay returns the first order, also when two requests race. Processing starts
 * after commit (see server/jobs).
 *
 * Statements for an API order (the key lookup before it included): with every per-process cache warm
 * (operator, providers, commission slabs; they hold per configuration version), 3 when the duplicate
 * guard is off, 6 when it is on (BEGIN, its advisory lock, the write, COMMIT). server/recharge/
 * round-trips.int.test.ts counts them.
 */
export async function createRecharge(args: { ctx: Ctx; input: CreateRechargeInput; options: CreateRechargeOptions; accountId?: string }): Promise<CreateRechargeResult> {
  const parsed = CreateRechargeInput.safeParse(args.input);
  if (!parsed.success) throw new AppError("validation_failed", "Some fields are invalid.", zodDetails(parsed.error));
  const input = parsed.data;
  const { ctx } = args;
  const accountId = scopedAccountId(ctx, args.accountId);
  const idempotencyKey = args.options.idempotencyKey ?? null;
  const account = await actingAccount(ctx, accountId);
  if (!account) throw NotFound("Account");
  if (account.status !== "active") throw Forbidden("This account is suspended.");
  const hash = sentRequestHash(input);

  // The operator's row (cached) and the number as typed: what the one lookup below needs.
  const operatorCode = input.service === "mobile" ? input.operator : (input.biller ?? input.operator);
  const operatorRow = operatorCode ? await getOperatorRow(ctx.db, operatorCode, ctx.configVersion) : null;
  const phone: ReturnType<typeof parsePhone> | null =
    input.service === "mobile" ? parsePhone(input.phone!, (operatorRow?.country as Country | undefined) ?? COUNTRY_OF_CURRENCY[account.currency]) : null;

  // 0. A replay is judged before anything that may have changed since (operator switched off, limits,
  // detection): the order exists, so the answer is that order, never a 4xx the client could read as
  // "not created" and retry under a new reference. The same query reads what is known about the number.
  const look = await lookUp(ctx.db, { accountId, reference: input.validate_only ? null : input.reference, idempotencyKey, e164: phone?.ok ? phone.e164 : null });
  if (look.existing) return replay(look.existing, input, hash);

  // 1. Operator and target.
  let operator: OperatorDef | null = null;
  let target: string;
  let country: Country;
  let e164: string | null = null;
  if (operatorCode) {
    if (!operatorRow || !operatorRow.enabled || !operatorRow.services.includes(input.service)) {
      throw new AppError("invalid_operator", `Unknown or unavailable ${input.service === "mobile" ? "operator" : "biller"}: ${operatorCode}.`, { operator: operatorCode });
    }
    operator = operatorDefFromRow(operatorRow);
  }
  if (phone) {
    if (!phone.ok) throw new AppError("validation_failed", "The phone number is not valid.", { phone: phone.reason });
    const number: ParsedPhone = phone;
    const context = look.context as DetectionContext;
    e164 = number.e164;
    target = number.national;
    country = number.country;
    if (operator) {
      if (operator.country !== number.country || !numberMatchesOperator(number, operator, context)) {
        throw new AppError("operator_number_mismatch", `The number ${number.national} does not belong to ${operator.name}.`, { phone: number.national, operator: operator.code });
      }
    } else {
      const detection = await detectParsed(ctx.db, number, context, ctx.configVersion);
      const code = detection.operator;
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
  // order it is decided by the writing statement, under a lock on its key (below).
  const guard = !input.allow_duplicate && operator.duplicateWindowSeconds > 0 ? { accountId, target, operator: operator.code, amount, windowSeconds: operator.duplicateWindowSeconds } : null;

  const commission = await commissionFor(ctx.db, { accountId, operator: operator.code, currency: account.currency, amount, configVersion: ctx.configVersion });
  if (input.validate_only) {
    const wallet = await getAccountWallet(ctx.db, accountId);
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
  if (!account.walletId) throw NotFound("Wallet");

  // 5. The order, its hold and its first event: one statement (acceptOrder). With the duplicate guard,
  // requests for the same top-up are serialized by a transaction-scoped advisory lock on the guard's
  // key taken just before it, so the second sees the first's committed order. A racing replay of the
  // same reference waits on the unique index, then finds the committed order.
  const order = {
    id: createId("rch"),
    accountId,
    walletId: account.walletId,
    reference: input.reference,
    idempotencyKey,
    requestHash: hash,
    channel: args.options.channel,
    service: input.service,
    accountType: input.account_type,
    country,
    operator: operator.code,
    target,
    amount,
    currency: account.currency,
    commission,
    notifyUrl: input.notify_url ?? null,
    metadata: e164 ? { e164 } : {},
    guard: guard ? { since: new Date(Date.now() - guard.windowSeconds * 1000) } : null,
  };
  const outcome = guard
    ? await withTransaction(ctx, async (tx) => {
        await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`dup|${guard.accountId}|${guard.target}|${guard.operator}|${guard.amount}`}, 0))`);
        return acceptOrder(tx.db, order);
      })
    : await acceptOrder(ctx.db, order);
  if ("created" in outcome) return { kind: "created", recharge: outcome.created };
  if ("duplicate" in outcome) throw duplicateError(outcome.duplicate, guard!.windowSeconds);
  if ("existing" in outcome) return replay(outcome.existing, input, hash);
  const raced = await findExisting(ctx.db, accountId, input.reference, idempotencyKey);
  if (!raced) throw new AppError("internal", "The order could not be recorded.");
  return replay(raced, input, hash);
}
