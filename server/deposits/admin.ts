// An admin's side of deposits: every account's orders, and a reasoned resolution of a flagged or
// stuck one (audited). Money corrections, if any, are separate wallet credits or debits.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { auditLog, deposits } from "@/db/schema";
import { type Ctx, actorRef, isPrivileged, withTransaction } from "@/server/context";
import { Conflict, Forbidden, NotFound } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { depositObject } from "./view";

export const ResolveDepositInput = z
  .object({
    id: z.string().min(1).max(60),
    // acknowledge: the flags were reviewed (e.g. the customer was told about an under-payment).
    // cancel: an order still waiting for payment is closed now (expired); a later payment is still credited, as late.
    action: z.enum(["acknowledge", "cancel"]),
    reason: z.string().trim().min(3, "Give a reason (3+ characters).").max(500),
  })
  .strict();
export type ResolveDepositInput = z.input<typeof ResolveDepositInput>;

export async function resolveDeposit(args: { ctx: Ctx; input: ResolveDepositInput }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const input = ResolveDepositInput.parse(args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [d] = await tx.db.select().from(deposits).where(eq(deposits.id, input.id)).for("update");
    if (!d) throw NotFound("Deposit");
    if (input.action === "cancel" && d.status !== "awaiting_payment") throw Conflict("Only an order still awaiting payment can be cancelled.", { status: d.status });
    const now = new Date();
    const [updated] = await tx.db
      .update(deposits)
      .set({
        resolution: `${input.action === "cancel" ? "Cancelled" : "Reviewed"}: ${input.reason}`,
        resolvedBy: actorRef(tx.actor).actorId,
        resolvedAt: now,
        updatedAt: now,
        ...(input.action === "cancel" ? { status: "expired" as const, expiredAt: now } : {}),
      })
      .where(eq(deposits.id, d.id))
      .returning();
    await tx.db.insert(auditLog).values({
      id: createId("aud"),
      ...actorRef(tx.actor),
      accountId: d.accountId,
      action: `deposit.${input.action}`,
      targetType: "deposit",
      targetId: d.id,
      details: { reason: input.reason, status_before: d.status, flags: d.flags },
      requestId: tx.requestId,
    });
    return depositObject(updated);
  });
}
