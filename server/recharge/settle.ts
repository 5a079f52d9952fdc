import { eq, sql } from "drizzle-orm";
import { fromRow, rowsOf, type Tx } from "@/db/client";
import { journals, type Recharge, rechargeEvents, recharges } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { numberSucceededCtes } from "@/server/catalog/catalog";
import { env } from "@/server/env.mjs";
import { credit, getAccountWallet, getSystemWallet, releaseHold, reverseJournal } from "@/server/ledger";
import { postJournal } from "@/server/ledger/post";
import { AppError, Conflict } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { awardCashback, cashbackOfferedSql, rewardPointsCtes, takeBackRewards } from "@/server/rewards/award";
import { enqueueWebhook, outboxInsertSql } from "@/server/webhooks/enqueue";
import { friendlyReason } from "./reasons";
import { rechargeObject } from "./view";

// The final transitions of an order, each one transaction (the caller's): the ledger effect, the new
// status, the event row and the webhook outbox row commit together or not at all.

type TxCtx = Ctx & { db: Tx };

/** The order's new state and its event, in one statement. */
async function transition(tx: TxCtx, r: Recharge, patch: Partial<Recharge> & { status: Recharge["status"] }, note: string, data: Record<string, unknown> = {}) {
  const update = tx.db
    .update(recharges)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(recharges.id, r.id))
    .returning();
  const [row] = rowsOf<Record<string, unknown>>(
    await tx.db.execute(sql`
      WITH updated AS (${update.getSQL()}),
      event AS (
        INSERT INTO recharge_events (id, recharge_id, account_id, from_status, to_status, note, data)
        SELECT ${createId("evt")}, updated.id, ${r.accountId}, ${r.status}, ${patch.status}, ${note}, ${JSON.stringify(data)}::jsonb FROM updated
      )
      SELECT * FROM updated`),
  );
  if (!row) throw new AppError("internal", `Recharge ${r.id} is gone.`);
  return fromRow(recharges, row);
}

async function announce(tx: TxCtx, r: Recharge, type: "recharge.succeeded" | "recharge.failed" | "recharge.refunded" | "recharge.reversed") {
  await enqueueWebhook(tx.db, { accountId: r.accountId, type, subjectId: r.id, data: rechargeObject(r), notifyUrl: r.notifyUrl });
}

/**
 * Success: capture the hold to the provider's float, credit the commission, remember the number, award
 * the points, record the event and queue the webhook — one statement on the caller's transaction (the
 * order's row is locked by it). The wallet row is touched once (held down by the amount, available up
 * by the commission); both journals keep their idempotency keys, so refunds and reversals find them.
 * A cashback offer, when any could apply, is paid after it (awardCashback).
 */
export async function settleSuccess(tx: TxCtx, r: Recharge, result: { providerRef: string; operatorTransactionId: string }) {
  const now = new Date();
  const updated: Recharge = {
    ...r,
    status: "succeeded",
    providerRef: result.providerRef,
    operatorTransactionId: result.operatorTransactionId,
    completedAt: now,
    needsReview: false,
    // One more look later: providers sometimes reverse a reported success.
    nextRunAt: new Date(now.getTime() + env.REVERSAL_CHECK_DELAY_SECONDS * 1000),
    updatedAt: now,
  };
  const float = await getSystemWallet(tx.db, `provider:${r.provider}`, r.currency);
  const commissionSource = await getSystemWallet(tx.db, "commission", r.currency);
  const commission = r.commission.toString();
  const captureId = createId("jnl");
  const commissionId = createId("jnl");
  const e164 = (r.metadata as { e164?: string }).e164 ?? null;
  const ts = (d: Date | null) => d?.toISOString() ?? null;
  const [row] = rowsOf<{ captured: string; journals: string; moved: string; done: string; hold_status: string | null; cashback_offered: boolean }>(
    await tx.db.execute(sql`
      WITH captured AS (
        UPDATE holds SET status = 'captured', settle_journal_id = ${captureId}, settled_at = ${ts(now)}::timestamptz
        WHERE owner_type = 'recharge' AND owner_id = ${r.id} AND status = 'open' AND currency = ${r.currency}
        RETURNING id, wallet_id, amount
      ),
      capture AS (
        INSERT INTO journals (id, idempotency_key, kind, memo, metadata)
        SELECT ${captureId}, ${`rch:${r.id}:capture`}, 'capture', ${`Recharge ${r.reference}`}, jsonb_build_object('hold_id', captured.id, 'owner_type', 'recharge', 'owner_id', ${r.id}::text)
        FROM captured
        ON CONFLICT DO NOTHING
        RETURNING id
      ),
      earned AS (
        INSERT INTO journals (id, idempotency_key, kind, memo, metadata)
        SELECT ${commissionId}, ${`rch:${r.id}:commission`}, 'credit', ${`Commission on ${r.reference}`}, '{}'::jsonb
        FROM captured WHERE ${commission}::bigint > 0
        ON CONFLICT DO NOTHING
        RETURNING id
      ),
      posted AS (
        INSERT INTO postings (journal_id, wallet_id, bucket, currency, amount)
        SELECT capture.id, line.wallet_id, line.bucket, ${r.currency}, line.amount
        FROM capture, captured, LATERAL (VALUES (captured.wallet_id, 'held', -captured.amount), (${float.id}, 'available', captured.amount)) AS line (wallet_id, bucket, amount)
        UNION ALL
        SELECT earned.id, line.wallet_id, 'available', ${r.currency}, line.amount
        FROM earned, captured, LATERAL (VALUES (${commissionSource.id}, -${commission}::bigint), (captured.wallet_id, ${commission}::bigint)) AS line (wallet_id, amount)
      ),
      moved AS (
        UPDATE wallets SET available = wallets.available + ${commission}::bigint, held = wallets.held - captured.amount, updated_at = now()
        FROM captured
        WHERE wallets.id = captured.wallet_id AND wallets.currency = ${r.currency} AND wallets.kind = 'customer' AND wallets.held - captured.amount >= 0
        RETURNING wallets.id
      ),
      done AS (
        UPDATE recharges SET status = 'succeeded', provider_ref = ${updated.providerRef}, operator_transaction_id = ${updated.operatorTransactionId},
          completed_at = ${ts(now)}::timestamptz, needs_review = false, next_run_at = ${ts(updated.nextRunAt)}::timestamptz, updated_at = ${ts(now)}::timestamptz
        WHERE id = ${r.id} AND EXISTS (SELECT 1 FROM moved)
        RETURNING id
      ),
      event AS (
        INSERT INTO recharge_events (id, recharge_id, account_id, from_status, to_status, note, data)
        SELECT ${createId("evt")}, done.id, ${r.accountId}, ${r.status}, 'succeeded', 'Recharge succeeded',
          ${JSON.stringify({ provider: r.provider, operator_transaction_id: result.operatorTransactionId })}::jsonb
        FROM done
      ),
      ${numberSucceededCtes(e164, r.operator)},
      ${rewardPointsCtes(r)},
      announced AS (${outboxInsertSql({ accountId: r.accountId, type: "recharge.succeeded", subjectId: r.id, data: rechargeObject(updated), notifyUrl: r.notifyUrl }, now)})
      SELECT (SELECT count(*) FROM captured) AS captured, (SELECT count(*) FROM capture) + (SELECT count(*) FROM earned) AS journals,
        (SELECT count(*) FROM moved) AS moved, (SELECT count(*) FROM done) AS done,
        (SELECT status FROM holds WHERE owner_type = 'recharge' AND owner_id = ${r.id}) AS hold_status,
        ${cashbackOfferedSql(r, now)} AS cashback_offered`),
  );
  // Anything short of the whole settlement throws, and the caller's transaction undoes all of it.
  const expectedJournals = r.commission > 0n ? 2 : 1;
  if (Number(row.captured) !== 1) {
    if (row.hold_status === "open") throw new AppError("internal", `Recharge ${r.id}: its hold is not in ${r.currency}.`);
    throw Conflict(`The hold of recharge ${r.id} is ${row.hold_status ?? "missing"}.`, { recharge_id: r.id });
  }
  if (Number(row.journals) !== expectedJournals) throw new AppError("idempotency_conflict", `Recharge ${r.id} already has a capture or commission journal.`);
  if (Number(row.moved) !== 1 || Number(row.done) !== 1) throw new AppError("internal", `Recharge ${r.id}: its wallet does not hold the captured amount.`);
  if (row.cashback_offered) await awardCashback(tx, updated);
  return updated;
}

/** Definite failure: release the hold; the money is back in the wallet. */
export async function settleFailure(tx: TxCtx, r: Recharge, code: string, detail: Record<string, unknown> = {}) {
  await releaseHold(tx, { owner: { type: "recharge", id: r.id }, idempotencyKey: `rch:${r.id}:release`, memo: `Recharge ${r.reference} failed` });
  const updated = await transition(
    tx,
    r,
    { status: "failed", failureCode: code, failureReason: friendlyReason(code), completedAt: new Date(), nextRunAt: null, needsReview: false },
    "Recharge failed",
    { code, ...detail },
  );
  await announce(tx, updated, "recharge.failed");
  return updated;
}

/** Takes back what a captured recharge earned: commission and cashback (journals reversed), points. */
async function takeBackEarnings(tx: TxCtx, r: Recharge, label: "refund" | "reversal") {
  const [commission] = await tx.db.select().from(journals).where(eq(journals.idempotencyKey, `rch:${r.id}:commission`));
  if (commission) await reverseJournal(tx, { journalId: commission.id, idempotencyKey: `rch:${r.id}:${label}-commission`, memo: `Commission on ${r.reference} taken back` });
  const [cashback] = await tx.db.select().from(journals).where(eq(journals.idempotencyKey, `rch:${r.id}:cashback`));
  if (cashback) await reverseJournal(tx, { journalId: cashback.id, idempotencyKey: `rch:${r.id}:${label}-cashback`, memo: `Cashback on ${r.reference} taken back` });
  return takeBackRewards(tx, r);
}

/** The provider undid it: its float gives the amount back (the capture reversed), earnings taken back. */
export async function settleReversal(tx: TxCtx, r: Recharge, message: string) {
  const [capture] = await tx.db.select().from(journals).where(eq(journals.idempotencyKey, `rch:${r.id}:capture`));
  if (!capture) throw new AppError("internal", `Recharge ${r.id} has no capture journal.`);
  await reverseJournal(tx, { journalId: capture.id, idempotencyKey: `rch:${r.id}:reversal`, memo: `reversal of ${r.reference}` });
  const rewards = await takeBackEarnings(tx, r, "reversal");
  const updated = await transition(tx, r, { status: "reversed", failureCode: "reversed", failureReason: "The operator reversed this recharge. The amount was returned to your balance.", nextRunAt: null }, "Reversed by the provider", { message, rewards });
  await announce(tx, updated, "recharge.reversed");
  return updated;
}

/**
 * An admin refund (e.g. after a dispute): the provider performed it and keeps its money, so the
 * amount comes from the refunds account, not the provider's float; earnings are taken back.
 */
export async function settleRefund(tx: TxCtx, r: Recharge, reason: string) {
  const wallet = await getAccountWallet(tx.db, r.accountId);
  await credit(tx, { walletId: wallet.id, amount: r.amount, idempotencyKey: `rch:${r.id}:refund`, source: "refunds", memo: `Refund of ${r.reference}`, metadata: { recharge_id: r.id, reason } });
  const rewards = await takeBackEarnings(tx, r, "refund");
  const updated = await transition(tx, r, { status: "refunded", failureReason: reason, nextRunAt: null }, "Refunded by an admin", { reason, rewards });
  await announce(tx, updated, "recharge.refunded");
  return updated;
}

/**
 * The provider reports success for an order an admin already resolved as failed (its hold was
 * released and the customer told it failed). The provider did perform it, so we owe it the amount:
 * book that as a loss (losses → the provider's float, as a capture would have moved it), keep the
 * customer's status and balance as they were told, and flag the order for an admin to review (they
 * may recover it from the customer). Idempotent: a second late answer books nothing more.
 */
export async function settleLateSuccess(tx: TxCtx, r: Recharge, result: { providerRef: string; operatorTransactionId: string }) {
  const losses = await getSystemWallet(tx.db, "losses", r.currency);
  const float = await getSystemWallet(tx.db, `provider:${r.provider}`, r.currency);
  const booked = await postJournal(tx.db, {
    idempotencyKey: `rch:${r.id}:late-success`,
    kind: "transfer",
    memo: `Recharge ${r.reference} performed by ${r.provider} after it was resolved as failed`,
    metadata: { recharge_id: r.id, provider: r.provider, operator_transaction_id: result.operatorTransactionId },
    lines: [
      { walletId: losses.id, bucket: "available", amount: -r.amount, currency: r.currency },
      { walletId: float.id, bucket: "available", amount: r.amount, currency: r.currency },
    ],
  });
  if (booked.replayed) return r;
  const [updated] = await tx.db
    .update(recharges)
    .set({ needsReview: true, providerRef: result.providerRef, operatorTransactionId: result.operatorTransactionId, updatedAt: new Date() })
    .where(eq(recharges.id, r.id))
    .returning();
  await tx.db.insert(rechargeEvents).values({
    id: createId("evt"),
    rechargeId: r.id,
    accountId: r.accountId,
    fromStatus: r.status,
    toStatus: r.status,
    note: "The provider reported success after this order was resolved as failed; the amount is booked as a loss for review",
    data: { provider: r.provider, operator_transaction_id: result.operatorTransactionId, loss_journal_id: booked.journal.id },
  });
  return updated;
}

export { transition };
