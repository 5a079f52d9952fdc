import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { journals, type Recharge, rechargeEvents, recharges } from "@/db/schema";
import { recordSuccess } from "@/server/catalog/catalog";
import type { Ctx } from "@/server/context";
import { env } from "@/server/env.mjs";
import { captureHold, credit, getAccountWallet, getSystemWallet, releaseHold, reverseJournal } from "@/server/ledger";
import { postJournal } from "@/server/ledger/post";
import { AppError } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { awardRewards, takeBackRewards } from "@/server/rewards/award";
import { enqueueWebhook } from "@/server/webhooks/enqueue";
import { friendlyReason } from "./reasons";
import { rechargeObject } from "./view";

// The final transitions of an order, each one transaction (the caller's): the ledger effect, the new
// status, the event row and the webhook outbox row commit together or not at all.

type TxCtx = Ctx & { db: Tx };

async function transition(tx: TxCtx, r: Recharge, patch: Partial<Recharge> & { status: Recharge["status"] }, note: string, data: Record<string, unknown> = {}) {
  const [updated] = await tx.db
    .update(recharges)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(recharges.id, r.id))
    .returning();
  await tx.db.insert(rechargeEvents).values({ id: createId("evt"), rechargeId: r.id, accountId: r.accountId, fromStatus: r.status, toStatus: patch.status, note, data });
  return updated;
}

async function announce(tx: TxCtx, r: Recharge, type: "recharge.succeeded" | "recharge.failed" | "recharge.refunded" | "recharge.reversed") {
  await enqueueWebhook(tx.db, { accountId: r.accountId, type, subjectId: r.id, data: rechargeObject(r), notifyUrl: r.notifyUrl });
}

/** Success: capture the hold to the provider's float, credit the commission, remember the number. */
export async function settleSuccess(tx: TxCtx, r: Recharge, result: { providerRef: string; operatorTransactionId: string }) {
  const { hold } = await captureHold(tx, { owner: { type: "recharge", id: r.id }, idempotencyKey: `rch:${r.id}:capture`, destination: `provider:${r.provider}`, memo: `Recharge ${r.reference}` });
  if (r.commission > 0n) {
    // The commission goes to the wallet the amount was held in (the account's).
    await credit(tx, { walletId: hold.walletId, wallet: { currency: hold.currency }, amount: r.commission, idempotencyKey: `rch:${r.id}:commission`, source: "commission", memo: `Commission on ${r.reference}` });
  }
  const updated = await transition(
    tx,
    r,
    {
      status: "succeeded",
      providerRef: result.providerRef,
      operatorTransactionId: result.operatorTransactionId,
      completedAt: new Date(),
      needsReview: false,
      // One more look later: providers sometimes reverse a reported success.
      nextRunAt: new Date(Date.now() + env.REVERSAL_CHECK_DELAY_SECONDS * 1000),
    },
    "Recharge succeeded",
    { provider: r.provider, operator_transaction_id: result.operatorTransactionId },
  );
  const e164 = (r.metadata as { e164?: string }).e164;
  if (e164) await recordSuccess(tx.db, e164, r.operator);
  await awardRewards(tx, updated);
  await announce(tx, updated, "recharge.succeeded");
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
