// Settling a difference: the admin resolves it with an action (each posts exactly one journal through
// the ledger verbs) or dismisses it, always with a reason, always audited.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { type ReconDifference, journals, reconDifferences, recharges } from "@/db/schema";
import { Reason, recordAudit, parseInput, requireAdmin } from "@/server/admin/guard";
import { type Ctx, actorRef, withTransaction } from "@/server/context";
import { debit, getAccountWallet, getSystemWallet, transfer } from "@/server/ledger";
import { AppError, Conflict, NotFound } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";
import { driveRecharge } from "@/server/recharge/advance";
import { refundRecharge } from "@/server/recharge/manage";

export const RESOLVE_ACTIONS = ["capture", "recover", "refund", "write_off"] as const;
export type ResolveAction = (typeof RESOLVE_ACTIONS)[number];

/**
 * Which actions settle which kind of difference:
 * - provider_performed, our order still open → capture: a status check through the recharge engine,
 *   which captures the hold once the provider confirms.
 * - provider_performed, the customer already has the money back → recover it from their wallet, or
 *   write it off (the provider's float paid for it, our revenue absorbs it).
 * - provider_missing / provider_failed (we captured, nothing was delivered) → refund the order.
 * - unknown_order → write_off. Amount, cost and float differences are explained and dismissed.
 */
export function actionsFor(d: Pick<ReconDifference, "kind" | "ours">): ResolveAction[] {
  const status = String((d.ours as { status?: string }).status ?? "");
  switch (d.kind) {
    case "provider_performed":
      return ["received", "held", "submitting", "pending"].includes(status) ? ["capture"] : ["recover", "write_off"];
    case "provider_missing":
    case "provider_failed":
      return ["refund"];
    case "unknown_order":
      return ["write_off"];
    default:
      return [];
  }
}

export const ResolveDifferenceInput = z.object({
  id: z.string().min(1).max(64),
  action: z.enum(RESOLVE_ACTIONS),
  reason: Reason,
});
export type ResolveDifferenceInput = z.input<typeof ResolveDifferenceInput>;

export const DismissDifferenceInput = z.object({ id: z.string().min(1).max(64), reason: Reason });
export type DismissDifferenceInput = z.input<typeof DismissDifferenceInput>;

const settledBy = (ctx: Ctx) => {
  const a = actorRef(ctx.actor);
  return a.actorId ? `${a.actorType}:${a.actorId}` : a.actorType;
};

async function lockOpen(tx: Ctx, id: string) {
  const [d] = await tx.db.select().from(reconDifferences).where(eq(reconDifferences.id, id)).for("update");
  if (!d) throw NotFound("Difference");
  if (d.state !== "open") throw Conflict(`This difference is already ${d.state}.`, { state: d.state });
  return d;
}

async function journalByKey(tx: Ctx, key: string) {
  const [j] = await tx.db.select({ id: journals.id }).from(journals).where(eq(journals.idempotencyKey, key));
  return j?.id ?? null;
}

export async function resolveDifference(args: { ctx: Ctx; input: ResolveDifferenceInput }): Promise<ReconDifference> {
  const { ctx } = args;
  requireAdmin(ctx);
  const input = parseInput(ResolveDifferenceInput, args.input);
  const [peek] = await ctx.db.select().from(reconDifferences).where(eq(reconDifferences.id, input.id));
  if (!peek) throw NotFound("Difference");
  if (peek.state !== "open") throw Conflict(`This difference is already ${peek.state}.`, { state: peek.state });
  if (!actionsFor(peek).includes(input.action)) {
    throw new AppError("validation_failed", `A ${peek.kind.replaceAll("_", " ")} difference cannot be settled by ${input.action.replace("_", " ")}.`, { action: `one of: ${actionsFor(peek).join(", ") || "none (dismiss it)"}` });
  }
  // The status check talks to the provider, so it runs before (and outside) the difference's lock;
  // it is the engine's own idempotent step.
  if (input.action === "capture") {
    await ctx.db.update(recharges).set({ nextRunAt: new Date() }).where(eq(recharges.id, peek.rechargeId!));
    await driveRecharge(ctx, peek.rechargeId!);
  }
  return withTransaction(ctx, async (tx) => {
    const d = await lockOpen(tx, input.id);
    const amount = d.amount ?? 0n;
    const currency = d.currency ?? "";
    let journalId: string | null = null;
    switch (input.action) {
      case "capture": {
        const [r] = await tx.db.select().from(recharges).where(eq(recharges.id, d.rechargeId!));
        if (r.status !== "succeeded") {
          throw Conflict(`The status check did not confirm the recharge: it is ${r.status}. Try again later, or decide when the provider confirms.`, { status: r.status });
        }
        journalId = await journalByKey(tx, `rch:${r.id}:capture`);
        break;
      }
      case "recover": {
        const wallet = await getAccountWallet(tx.db, d.accountId!);
        const posted = await debit(tx, { walletId: wallet.id, amount, idempotencyKey: `recon:${d.id}:recover`, destination: `provider:${d.provider}`, memo: `Recharge ${d.rechargeId} was performed by ${d.provider} after all`, metadata: { recon_difference_id: d.id, recharge_id: d.rechargeId } });
        journalId = posted.journal.id;
        break;
      }
      case "write_off": {
        if (amount <= 0n || !currency) throw Conflict("This difference carries no amount to write off.");
        const revenue = await getSystemWallet(tx.db, "revenue", currency);
        const float = await getSystemWallet(tx.db, `provider:${d.provider}`, currency);
        const posted = await transfer(tx, { fromWalletId: revenue.id, toWalletId: float.id, amount, idempotencyKey: `recon:${d.id}:write_off`, memo: `Written off: ${d.summary}`, metadata: { recon_difference_id: d.id } });
        journalId = posted.journal.id;
        break;
      }
      case "refund": {
        await refundRecharge({ ctx: tx, input: { id: d.rechargeId!, reason: `Reconciliation with ${d.provider}: ${input.reason}` } });
        journalId = await journalByKey(tx, `rch:${d.rechargeId}:refund`);
        break;
      }
    }
    const [updated] = await tx.db
      .update(reconDifferences)
      .set({ state: "resolved", resolution: input.action, reason: input.reason, journalId, settledBy: settledBy(ctx), settledAt: new Date() })
      .where(eq(reconDifferences.id, d.id))
      .returning();
    await recordAudit(tx, {
      action: "recon.resolve",
      accountId: d.accountId,
      targetType: "recon_difference",
      targetId: d.id,
      details: { kind: d.kind, action: input.action, reason: input.reason, journal_id: journalId, recharge_id: d.rechargeId, amount: d.amount !== null && currency ? formatAmount(amount, currency) : null, currency: d.currency },
    });
    return updated;
  });
}

export async function dismissDifference(args: { ctx: Ctx; input: DismissDifferenceInput }): Promise<ReconDifference> {
  const { ctx } = args;
  requireAdmin(ctx);
  const input = parseInput(DismissDifferenceInput, args.input);
  return withTransaction(ctx, async (tx) => {
    const d = await lockOpen(tx, input.id);
    const [updated] = await tx.db
      .update(reconDifferences)
      .set({ state: "dismissed", reason: input.reason, settledBy: settledBy(ctx), settledAt: new Date() })
      .where(eq(reconDifferences.id, d.id))
      .returning();
    await recordAudit(tx, { action: "recon.dismiss", accountId: d.accountId, targetType: "recon_difference", targetId: d.id, details: { kind: d.kind, reason: input.reason, recharge_id: d.rechargeId } });
    return updated;
  });
}
