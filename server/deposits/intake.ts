// Chain intake: the watcher (the chain simulator in the sandbox) reports each USDT transfer to one of
// our addresses, again as it gains confirmations, and once more if a reorg drops it. A transfer is
// keyed by (tx hash, log index) and credited at most once, when it reaches the required depth.
import { and, desc, eq, lte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { type ChainTransfer, type Deposit, type DepositFlag, apiKeys, chainTransfers, depositAddresses, deposits, wallets } from "@/db/schema";
import { type Ctx, withTransaction } from "@/server/context";
import { credit } from "@/server/ledger/operations";
import { AppError, Conflict } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { logger } from "@/server/lib/logger";
import { formatAmount } from "@/server/lib/money";
import { enqueueWebhook } from "@/server/webhooks/enqueue";
import { requiredConfirmations } from "./config";
import { creditTarget } from "./create";
import { rateInForce } from "./rates";
import { isTronAddress } from "./tron";
import { convertMicro, formatRate, formatUsdtExact, seedAmount } from "./units";
import { depositObject, transferObject } from "./view";

export const ChainNotification = z
  .object({
    tx_hash: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, "64 hex digits").transform((h) => h.replace(/^0x/, "").toLowerCase()),
    log_index: z.number().int().min(0).max(1_000_000),
    address: z.string().refine(isTronAddress, "a TRON base58check address"),
    token: z.literal("USDT").default("USDT"),
    // Integer string in the token's own 6 decimals ("25000000" = 25 USDT).
    amount: z.string().regex(/^[1-9]\d{0,17}$/, "a positive integer in 6-decimal units"),
    block_number: z.number().int().min(0),
    confirmations: z.number().int().min(0),
    status: z.enum(["seen", "dropped"]).default("seen"),
  })
  .strict();
export type ChainNotification = z.input<typeof ChainNotification>;

export type IntakeResult = {
  state: "ignored" | "confirming" | "credited" | "dropped";
  deposit_id: string | null;
  confirmations: number;
  confirmations_required: number;
};

const log = logger.child({ module: "deposits" });

/**
 * Applies one notification. Serialized per address (the address row is locked), idempotent: however
 * many times a notification (or a stale one) arrives, the transfer is credited once.
 */
export async function receiveChainNotification(ctx: Ctx, raw: ChainNotification, now = new Date()): Promise<IntakeResult> {
  const n = ChainNotification.parse(raw);
  const amount = BigInt(n.amount);
  const required = requiredConfirmations();
  return withTransaction(ctx, async (tx) => {
    const [addr] = await tx.db.select().from(depositAddresses).where(eq(depositAddresses.address, n.address)).for("update");
    if (!addr) {
      log.warn({ tx_hash: n.tx_hash, address: n.address }, "transfer to an address we never issued");
      return { state: "ignored", deposit_id: null, confirmations: n.confirmations, confirmations_required: required };
    }
    let [transfer] = await tx.db.select().from(chainTransfers).where(and(eq(chainTransfers.txHash, n.tx_hash), eq(chainTransfers.logIndex, n.log_index)));
    if (transfer && (transfer.amountMicro !== amount || transfer.address !== n.address)) {
      throw Conflict("This transfer was reported before with another amount or address.", { tx_hash: n.tx_hash, log_index: n.log_index });
    }
    if (!transfer) {
      if (n.status === "dropped") return { state: "ignored", deposit_id: null, confirmations: 0, confirmations_required: required };
      const deposit = await depositForTransfer(tx, addr, n, now);
      [transfer] = await tx.db
        .insert(chainTransfers)
        .values({
          id: createId("ctr"),
          txHash: n.tx_hash,
          logIndex: n.log_index,
          address: n.address,
          accountId: addr.accountId,
          depositId: deposit.id,
          amountMicro: amount,
          blockNumber: n.block_number,
          confirmations: n.confirmations,
          late: now > deposit.expiresAt || deposit.status === "expired",
          firstSeenAt: now,
        })
        .returning();
      if (deposit.status === "awaiting_payment" || deposit.status === "expired") {
        await tx.db.update(deposits).set({ status: "confirming", updatedAt: now }).where(eq(deposits.id, deposit.id));
      }
      log.info({ deposit_id: deposit.id, tx_hash: n.tx_hash, amount: formatUsdtExact(amount), confirmations: n.confirmations }, "deposit transfer seen");
    } else if (transfer.status === "credited") {
      return { state: "credited", deposit_id: transfer.depositId, confirmations: transfer.confirmations, confirmations_required: required };
    } else if (n.status === "dropped") {
      if (transfer.status !== "dropped") {
        await tx.db.update(chainTransfers).set({ status: "dropped", updatedAt: now }).where(eq(chainTransfers.id, transfer.id));
        await settleDepositStatus(tx, transfer.depositId, now);
        log.warn({ deposit_id: transfer.depositId, tx_hash: n.tx_hash }, "deposit transfer dropped before confirmation (reorg)");
      }
      return { state: "dropped", deposit_id: transfer.depositId, confirmations: 0, confirmations_required: required };
    } else if (transfer.status === "dropped" && transfer.blockNumber === n.block_number) {
      // A stale notification from before the reorg, delivered late: the drop stands.
      return { state: "dropped", deposit_id: transfer.depositId, confirmations: 0, confirmations_required: required };
    } else {
      // Seen again: in another block after a reorg (depth restarts), or deeper in the same one.
      const moved = transfer.blockNumber !== n.block_number || transfer.status === "dropped";
      const confirmations = moved ? n.confirmations : Math.max(transfer.confirmations, n.confirmations);
      [transfer] = await tx.db
        .update(chainTransfers)
        .set({ blockNumber: n.block_number, confirmations, status: "confirming", updatedAt: now })
        .where(eq(chainTransfers.id, transfer.id))
        .returning();
      if (moved) await tx.db.update(deposits).set({ status: sql`CASE WHEN ${deposits.status} = 'credited' THEN 'credited' ELSE 'confirming' END`, updatedAt: now }).where(eq(deposits.id, transfer.depositId));
    }
    if (transfer.confirmations < required) {
      return { state: "confirming", deposit_id: transfer.depositId, confirmations: transfer.confirmations, confirmations_required: required };
    }
    await creditTransfer(tx, transfer, now);
    return { state: "credited", deposit_id: transfer.depositId, confirmations: transfer.confirmations, confirmations_required: required };
  });
}

/**
 * The order a transfer pays: the latest one on its address made before the transfer was seen. Money
 * to an issued address with no order is not lost: an `unsolicited` deposit is opened for it.
 */
async function depositForTransfer(tx: Ctx & { db: Tx }, addr: typeof depositAddresses.$inferSelect, n: z.output<typeof ChainNotification>, now: Date): Promise<Deposit> {
  const [latest] = await tx.db
    .select()
    .from(deposits)
    .where(and(eq(deposits.addressId, addr.id), lte(deposits.createdAt, now)))
    .orderBy(desc(deposits.createdAt))
    .limit(1)
    .for("update");
  if (latest) return latest;
  const { wallet } = await creditTarget(tx.db, addr.accountId);
  const quote = wallet.currency === "USDT" ? null : await rateInForce(tx.db, wallet.currency, now);
  const [created] = await tx.db
    .insert(deposits)
    .values({
      id: createId("dep"),
      accountId: addr.accountId,
      reference: `chain:${n.tx_hash}:${n.log_index}`,
      requestHash: "chain",
      channel: "chain",
      addressId: addr.id,
      address: addr.address,
      expectedMicro: 0n,
      creditCurrency: wallet.currency,
      quoteRateMicro: quote,
      localUserMark: addr.localUserMark,
      flags: ["unsolicited"],
      expiresAt: now,
    })
    .returning();
  return created;
}

/** After a reorg drop: back to waiting (the sweeper expires it if due), or still credited. */
async function settleDepositStatus(tx: Ctx & { db: Tx }, depositId: string, now: Date) {
  const [live] = await tx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(chainTransfers)
    .where(and(eq(chainTransfers.depositId, depositId), eq(chainTransfers.status, "confirming")));
  if (live.n > 0) return;
  await tx.db
    .update(deposits)
    .set({ status: sql`CASE WHEN ${deposits.receivedMicro} > 0 THEN 'credited' ELSE 'awaiting_payment' END`, updatedAt: now })
    .where(and(eq(deposits.id, depositId), ne(deposits.status, "expired")));
}

function flagsFor(d: Deposit, received: bigint, late: boolean) {
  const flags = new Set<DepositFlag>(d.flags.filter((f) => f === "unsolicited" || f === "late"));
  if (late) flags.add("late");
  if (d.expectedMicro > 0n && received < d.expectedMicro) flags.add("underpaid");
  if (d.expectedMicro > 0n && received > d.expectedMicro) flags.add("overpaid");
  return [...flags];
}

/**
 * Credits one confirmed transfer: the amount actually received, converted at the rate in force now
 * (recorded on the journal), one journal per transfer (idempotency key `deposit:<tx>:<log>`), and the
 * merchant told in the same transaction (outbox).
 */
async function creditTransfer(tx: Ctx & { db: Tx }, transfer: ChainTransfer, now: Date) {
  const [deposit] = await tx.db.select().from(deposits).where(eq(deposits.id, transfer.depositId)).for("update");
  const currency = deposit.creditCurrency;
  const [target] = await tx.db.select().from(wallets).where(and(eq(wallets.accountId, deposit.accountId), eq(wallets.currency, currency)));
  if (!target) throw new AppError("internal", `The account has no ${currency} wallet to credit.`);
  const rate = currency === "USDT" ? null : ((await rateInForce(tx.db, currency, now)) ?? deposit.quoteRateMicro);
  const minor = convertMicro(transfer.amountMicro, currency, rate);
  let journalId: string | null = null;
  if (minor > 0n) {
    const { journal } = await credit(tx, {
      walletId: target.id,
      amount: minor,
      idempotencyKey: `deposit:${transfer.txHash}:${transfer.logIndex}`,
      source: "deposits",
      kind: "deposit",
      memo: `USDT deposit ${deposit.reference} (${deposit.id})`,
      metadata: {
        deposit_id: deposit.id,
        reference: deposit.reference,
        tx_hash: transfer.txHash,
        log_index: transfer.logIndex,
        address: transfer.address,
        usdt_amount: formatUsdtExact(transfer.amountMicro),
        rate: rate === null ? null : formatRate(rate),
        rate_pair: currency === "USDT" ? null : `USDT/${currency}`,
        credited: formatAmount(minor, currency),
        currency,
        late: transfer.late,
      },
    });
    journalId = journal.id;
  }
  const [credited] = await tx.db
    .update(chainTransfers)
    .set({ status: "credited", walletId: target.id, rateMicro: rate, creditedMinor: minor, journalId, creditedAt: now, updatedAt: now })
    .where(eq(chainTransfers.id, transfer.id))
    .returning();
  const received = deposit.receivedMicro + transfer.amountMicro;
  const late = transfer.late || deposit.flags.includes("late");
  const [updated] = await tx.db
    .update(deposits)
    .set({
      receivedMicro: received,
      creditedMinor: deposit.creditedMinor + minor,
      status: "credited",
      flags: flagsFor(deposit, received, late),
      creditedAt: deposit.creditedAt ?? now,
      updatedAt: now,
    })
    .where(eq(deposits.id, deposit.id))
    .returning();
  log.info({ deposit_id: deposit.id, tx_hash: transfer.txHash, credited: formatAmount(minor, currency), journal_id: journalId }, "deposit credited");
  await announceCredit(tx, updated, credited);
}

/** The merchant is told: the seed's form callback for seed orders, a Standard Webhook otherwise. */
async function announceCredit(tx: Ctx & { db: Tx }, deposit: Deposit, transfer: ChainTransfer) {
  if (deposit.channel === "seed" && deposit.apiKeyId) {
    const [key] = await tx.db.select({ apiKey: apiKeys.apiKey }).from(apiKeys).where(eq(apiKeys.id, deposit.apiKeyId));
    await enqueueWebhook(tx.db, {
      accountId: deposit.accountId,
      type: "deposit.credited",
      subjectId: deposit.id,
      notifyUrl: deposit.notifyUrl,
      format: "seed_form",
      signingKeyId: deposit.apiKeyId,
      data: { orderid: deposit.reference, localusermark: deposit.localUserMark ?? "", amount: seedAmount(transfer.amountMicro), appid: key?.apiKey ?? "" },
    });
    return;
  }
  const transfers = await tx.db.select().from(chainTransfers).where(eq(chainTransfers.depositId, deposit.id));
  await enqueueWebhook(tx.db, {
    accountId: deposit.accountId,
    type: "deposit.credited",
    subjectId: deposit.id,
    notifyUrl: deposit.notifyUrl,
    data: { ...depositObject(deposit, transfers), transfer: transferObject(transfer, deposit.creditCurrency) },
  });
}

/** Orders whose time ran out with nothing seen: expired, and the merchant told (deposit.expired). */
export async function expireDueDeposits(ctx: Ctx, now = new Date(), limit = 100): Promise<number> {
  return withTransaction(ctx, async (tx) => {
    const expired = await tx.db
      .update(deposits)
      .set({ status: "expired", expiredAt: now, updatedAt: now })
      .where(
        sql`${deposits.id} IN (SELECT id FROM deposits WHERE status = 'awaiting_payment' AND expires_at <= ${now.toISOString()}::timestamptz ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED) AND ${deposits.status} = 'awaiting_payment'`,
      )
      .returning();
    for (const d of expired) {
      if (d.channel === "seed") continue;
      await enqueueWebhook(tx.db, { accountId: d.accountId, type: "deposit.expired", subjectId: d.id, notifyUrl: d.notifyUrl, data: depositObject(d, []) });
    }
    return expired.length;
  });
}
