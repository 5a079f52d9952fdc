// Disputes of a recharge by the account that made it ("succeeded but not received"), and the admin
// queue that closes them: a refund (a new journal, through refundRecharge) or a rejection with a note.
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";
import { accounts, auditLog, cashbackGrants, type Complaint, complaints, type Recharge, recharges } from "@/db/schema";
import { type Ctx, actorRef, isPrivileged, scopedAccountId, withTransaction } from "@/server/context";
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from "@/server/lib/errors";
import { createId } from "@/server/lib/ids";
import { olderThanCursor } from "@/server/lib/keyset";
import { formatAmount } from "@/server/lib/money";
import { getRecharge, refundRecharge } from "@/server/recharge/manage";
import { publicStatus } from "@/server/recharge/view";
import { ListComplaintsInput, RaiseComplaintInput, ResolveComplaintInput } from "./schemas";

export * from "./schemas";

/** Only a recharge the operator confirmed can be disputed: a failed one has already been released. */
const DISPUTABLE: ReadonlySet<Recharge["status"]> = new Set(["succeeded"]);

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ValidationFailed("Some fields are invalid.", z.flattenError(parsed.error).fieldErrors);
  return parsed.data;
}

type RechargeSummary = Pick<Recharge, "reference" | "operator" | "target" | "amount" | "currency" | "status" | "createdAt"> & Partial<Pick<Recharge, "commission">>;

/**
 * What a refund puts back in the account's wallet, exactly: the amount paid, less the commission and
 * cashback it earned on the order (both are taken back with it; settle.ts undoCapture).
 */
function refundOf(r: RechargeSummary & Pick<Recharge, "commission">, cashback: bigint) {
  const m = (v: bigint) => formatAmount(v, r.currency);
  return { amount: m(r.amount), commission: m(r.commission), cashback: m(cashback), net: m(r.amount - r.commission - cashback) };
}

export function complaintObject(c: Complaint, r?: RechargeSummary | null, account?: { name: string } | null, cashback?: bigint) {
  return {
    id: c.id,
    recharge_id: c.rechargeId,
    kind: c.kind,
    message: c.message,
    status: c.status,
    resolution_note: c.resolutionNote,
    created_at: c.createdAt.toISOString(),
    resolved_at: c.resolvedAt?.toISOString() ?? null,
    recharge: r
      ? { reference: r.reference, operator: r.operator, target: r.target, amount: formatAmount(r.amount, r.currency), currency: r.currency, status: publicStatus(r.status), created_at: r.createdAt.toISOString() }
      : null,
    ...(account ? { account_id: c.accountId, account_name: account.name } : {}),
    ...(r && r.commission !== undefined && cashback !== undefined ? { refund: refundOf({ ...r, commission: r.commission }, cashback) } : {}),
  };
}
export type ComplaintObject = ReturnType<typeof complaintObject>;

async function audit(ctx: Ctx, c: Pick<Complaint, "id" | "accountId">, action: string, details: Record<string, unknown>) {
  await ctx.db.insert(auditLog).values({ id: createId("aud"), ...actorRef(ctx.actor), accountId: c.accountId, action, targetType: "complaint", targetId: c.id, details, requestId: ctx.requestId });
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
};

/** The account that made a recharge disputes it. One open complaint per recharge. */
export async function raiseComplaint(args: { ctx: Ctx; input: RaiseComplaintInput }) {
  const input = parse(RaiseComplaintInput, args.input);
  const accountId = scopedAccountId(args.ctx);
  // 404 for anyone else's recharge, so ids leak nothing.
  const r = await getRecharge(args.ctx, input.rechargeId);
  if (r.accountId !== accountId) throw NotFound("Recharge");
  if (!DISPUTABLE.has(r.status)) {
    throw Conflict(
      r.status === "failed" || r.status === "reversed"
        ? "This recharge did not go through and its amount is already back in your balance."
        : r.status === "refunded"
          ? "This recharge has already been refunded."
          : "This recharge is still in progress. Wait for its final status before reporting a problem.",
      { status: publicStatus(r.status) },
    );
  }
  try {
    return await withTransaction(args.ctx, async (tx) => {
      const [open] = await tx.db.select({ id: complaints.id }).from(complaints).where(and(eq(complaints.rechargeId, r.id), eq(complaints.status, "open")));
      if (open) throw Conflict("A complaint about this recharge is already open.", { complaint_id: open.id });
      const [created] = await tx.db.insert(complaints).values({ id: createId("cmp"), accountId, rechargeId: r.id, kind: input.kind, message: input.message }).returning();
      await audit(tx, created, "complaint.raise", { recharge_id: r.id, kind: input.kind });
      return complaintObject(created, r);
    });
  } catch (error) {
    // Two raises racing: the partial unique index lets one through.
    if (isUniqueViolation(error)) throw Conflict("A complaint about this recharge is already open.", { recharge_id: r.id });
    throw error;
  }
}

/** Keyset pagination by (created_at, id) (see olderThanCursor). */
async function pageOf(ctx: Ctx, conditions: SQL[], input: z.output<typeof ListComplaintsInput>) {
  if (input.status) conditions.push(eq(complaints.status, input.status));
  if (input.cursor) {
    conditions.push(await olderThanCursor(ctx.db, { table: complaints, time: complaints.createdAt, id: complaints.id }, input.cursor));
  }
  const rows = await ctx.db
    .select({ complaint: complaints, recharge: recharges, account: { name: accounts.name } })
    .from(complaints)
    .innerJoin(recharges, eq(recharges.id, complaints.rechargeId))
    .innerJoin(accounts, eq(accounts.id, complaints.accountId))
    .where(and(...conditions))
    .orderBy(desc(complaints.createdAt), desc(complaints.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { page, nextCursor: rows.length > input.limit ? page[page.length - 1].complaint.id : null };
}

/** The caller's own complaints, newest first. */
export async function listMyComplaints(args: { ctx: Ctx; input?: ListComplaintsInput }) {
  const input = parse(ListComplaintsInput, args.input ?? {});
  const accountId = scopedAccountId(args.ctx);
  const { page, nextCursor } = await pageOf(args.ctx, [eq(complaints.accountId, accountId)], input);
  return { data: page.map((row) => complaintObject(row.complaint, row.recharge)), nextCursor };
}

/** Admins: the queue, newest first, with the account and the recharge. */
export async function listComplaints(args: { ctx: Ctx; input?: ListComplaintsInput }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const input = parse(ListComplaintsInput, args.input ?? {});
  const { page, nextCursor } = await pageOf(args.ctx, [], input);
  const ids = page.map((row) => row.recharge.id);
  const grants = ids.length ? await args.ctx.db.select({ rechargeId: cashbackGrants.rechargeId, amount: cashbackGrants.amount }).from(cashbackGrants).where(inArray(cashbackGrants.rechargeId, ids)) : [];
  const cashback = new Map(grants.map((g) => [g.rechargeId, g.amount]));
  return { data: page.map((row) => complaintObject(row.complaint, row.recharge, row.account, cashback.get(row.recharge.id) ?? 0n)), nextCursor };
}

/**
 * Admins close a complaint. `refund` refunds the recharge in the same transaction (a new journal,
 * audit-logged by refundRecharge); `reject` only records why. The note is what the account reads.
 */
export async function resolveComplaint(args: { ctx: Ctx; input: ResolveComplaintInput }) {
  if (!isPrivileged(args.ctx.actor)) throw Forbidden();
  const input = parse(ResolveComplaintInput, args.input);
  const resolvedBy = args.ctx.actor.type === "user" ? args.ctx.actor.userId : null;
  return withTransaction(args.ctx, async (tx) => {
    const [c] = await tx.db.select().from(complaints).where(eq(complaints.id, input.id)).for("update");
    if (!c) throw NotFound("Complaint");
    if (c.status !== "open") throw Conflict(`This complaint is already closed (${c.status}).`, { status: c.status });
    let recharge: Recharge;
    if (input.outcome === "refund") {
      recharge = await refundRecharge({ ctx: tx, input: { id: c.rechargeId, reason: input.note } });
    } else {
      [recharge] = await tx.db.select().from(recharges).where(eq(recharges.id, c.rechargeId));
      if (!recharge) throw new AppError("internal", `Complaint ${c.id} names a missing recharge.`);
    }
    const [updated] = await tx.db
      .update(complaints)
      .set({ status: input.outcome === "refund" ? "refunded" : "rejected", resolutionNote: input.note, resolvedBy, resolvedAt: new Date() })
      .where(eq(complaints.id, c.id))
      .returning();
    await audit(tx, c, `complaint.${input.outcome}`, { recharge_id: c.rechargeId, note: input.note });
    return complaintObject(updated, recharge);
  });
}
