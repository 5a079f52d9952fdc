// What happened to an account's orders while nobody was looking: reversals by the operator, refunds,
// and answered complaints. Derived from the order events and the complaints themselves (nothing to
// keep in step); only which ones a user has opened is stored (notice_reads), so the read state
// follows the user from one browser to the next.
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";
import { complaints, noticeReads, rechargeEvents, recharges } from "@/db/schema";
import { type Ctx, scopedAccountId } from "@/server/context";
import { ValidationFailed } from "@/server/lib/errors";
import { formatAmount } from "@/server/lib/money";

/** How far back a first visit looks. */
export const NOTICE_WINDOW_DAYS = 30;
const MAX_NOTICES = 20;

export const NoticesInput = z.object({ since: z.coerce.date().optional() });

export type Notice = { id: string; kind: "reversed" | "refunded" | "complaint_refunded" | "complaint_rejected"; title: string; body: string; at: Date; rechargeId: string; read: boolean };

/** The signed-in person whose read state applies (an API key or the system reads nothing). */
function readerOf(ctx: Ctx): string | null {
  return ctx.actor.type === "user" ? ctx.actor.userId : null;
}

export async function listNotices(args: { ctx: Ctx; input?: z.input<typeof NoticesInput> }): Promise<Notice[]> {
  const parsed = NoticesInput.safeParse(args.input ?? {});
  if (!parsed.success) throw ValidationFailed("The date is not valid.", { since: "invalid date" });
  const accountId = scopedAccountId(args.ctx);
  const floor = new Date(Date.now() - NOTICE_WINDOW_DAYS * 86_400_000);
  const since = parsed.data.since && parsed.data.since > floor ? parsed.data.since : floor;

  const reader = readerOf(args.ctx);
  const [events, answered, reads] = await Promise.all([
    args.ctx.db
      .select({ event: rechargeEvents, recharge: recharges })
      .from(rechargeEvents)
      .innerJoin(recharges, eq(recharges.id, rechargeEvents.rechargeId))
      .where(and(eq(rechargeEvents.accountId, accountId), inArray(rechargeEvents.toStatus, ["reversed", "refunded"]), gt(rechargeEvents.createdAt, since)))
      .orderBy(desc(rechargeEvents.createdAt))
      .limit(MAX_NOTICES),
    args.ctx.db
      .select({ complaint: complaints, recharge: recharges })
      .from(complaints)
      .innerJoin(recharges, eq(recharges.id, complaints.rechargeId))
      .where(and(eq(complaints.accountId, accountId), gt(complaints.resolvedAt, since)))
      .orderBy(desc(complaints.resolvedAt))
      .limit(MAX_NOTICES),
    reader ? args.ctx.db.select({ noticeId: noticeReads.noticeId }).from(noticeReads).where(and(eq(noticeReads.userId, reader), gt(noticeReads.readAt, floor))) : Promise.resolve([]),
  ]);
  const read = new Set(reads.map((r) => r.noticeId));

  const what = (r: typeof recharges.$inferSelect) => `${r.reference} (${r.target}, ${formatAmount(r.amount, r.currency)} ${r.currency})`;
  const notices: Notice[] = [];
  const refundedByComplaint = new Set(answered.filter((a) => a.complaint.status === "refunded").map((a) => a.recharge.id));
  for (const { complaint: c, recharge: r } of answered) {
    const refunded = c.status === "refunded";
    notices.push({
      id: `cmp:${c.id}:${c.status}`,
      kind: refunded ? "complaint_refunded" : "complaint_rejected",
      title: refunded ? "Complaint answered: refunded" : "Complaint answered: not refunded",
      body: `${what(r)}. ${refunded ? `${formatAmount(r.amount, r.currency)} ${r.currency} is back in your balance.` : ""}${c.resolutionNote ? ` Support says: “${c.resolutionNote}”` : ""}`.trim(),
      at: c.resolvedAt!,
      rechargeId: r.id,
      read: false,
    });
  }
  for (const { event: e, recharge: r } of events) {
    // A refund that answers a complaint is said once, as the complaint's answer.
    if (e.toStatus === "refunded" && refundedByComplaint.has(r.id)) continue;
    notices.push({
      id: `evt:${e.id}`,
      kind: e.toStatus === "reversed" ? "reversed" : "refunded",
      title: e.toStatus === "reversed" ? "A recharge was reversed by the operator" : "A recharge was refunded",
      body: `${what(r)}. The amount is back in your balance${r.commission > 0n ? "; its commission was taken back" : ""}.`,
      at: e.createdAt,
      rechargeId: r.id,
      read: false,
    });
  }
  for (const n of notices) n.read = read.has(n.id);
  return notices.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, MAX_NOTICES);
}

export const MarkNoticesReadInput = z.object({ ids: z.array(z.string().trim().min(1, "Say which notice was opened.").max(120)).min(1, "Say which notice was opened.").max(MAX_NOTICES) });

/**
 * Marks notices as opened by the signed-in user. Only ids of this account's current notices are
 * kept (anything else is ignored, so nobody fills the table with made-up ids); marking twice is a
 * no-op. Returns the ids now read.
 */
export async function markNoticesRead(args: { ctx: Ctx; input: z.input<typeof MarkNoticesReadInput> }): Promise<string[]> {
  const parsed = MarkNoticesReadInput.safeParse(args.input);
  if (!parsed.success) throw ValidationFailed("Say which notice was opened.", { ids: "Say which notice was opened." });
  const reader = readerOf(args.ctx);
  if (!reader) return [];
  const wanted = new Set(parsed.data.ids);
  const ids = (await listNotices({ ctx: args.ctx })).filter((n) => wanted.has(n.id)).map((n) => n.id);
  if (ids.length) await args.ctx.db.insert(noticeReads).values(ids.map((noticeId) => ({ userId: reader, noticeId }))).onConflictDoNothing();
  return ids;
}
