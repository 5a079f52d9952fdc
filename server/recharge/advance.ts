import { and, eq, isNotNull, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Recharge, recharges } from "@/db/schema";
import { recordRejection } from "@/server/catalog/catalog";
import { type Ctx, withTransaction } from "@/server/context";
import { env } from "@/server/env.mjs";
import { logger } from "@/server/lib/logger";
import { breakerAllows, recordProviderFailure, recordProviderSuccess } from "@/server/providers/breaker";
import { rankProviders } from "@/server/providers/router";
import { adapterFor, getProvider, logProviderCall } from "@/server/providers/store";
import type { ProviderResult } from "@/server/providers/types";
import { ORDER_FAULTS } from "./reasons";
import { settleFailure, settleLateSuccess, settleReversal, settleSuccess, transition } from "./settle";

// One step of an order's life, idempotent and safe to run twice or concurrently: each step claims the
// row (FOR UPDATE SKIP LOCKED, and only when it is due), so two workers never run the same step.
//
//   held ──choose provider──▶ submitting ──call──▶ succeeded | pending | failed | held (failover)
//   submitting (lease ran out: a crash mid-call) ──▶ pending  (never resent elsewhere: it may have happened)
//   pending ──status check──▶ succeeded | failed | pending (back off … then an admin decides)
//   succeeded (one later check) ──▶ reversed | done

export type StepResult = { id: string; status: Recharge["status"] | "skipped"; again: boolean };

const SUBMIT_LEASE_EXTRA_MS = 30_000;
/** How long an order may wait for any provider to be able to take it before it fails. */
const NO_ROUTE_PATIENCE_MS = 60_000;

const orderIdFor = (r: Recharge) => `${r.id}-${r.triedProviders.length + 1}`;

function backoff(attempts: number) {
  return Math.min(env.STATUS_CHECK_BASE_MS * 2 ** Math.min(attempts, 10), 15 * 60_000);
}

/** Counts toward the breaker: the provider itself misbehaved (not the order). */
function isProviderFault(result: ProviderResult) {
  return result.kind === "unknown" || (result.kind === "failed" && (result.code === "provider_down" || result.code === "provider_balance"));
}

async function claim(ctx: Ctx, id: string, now: Date, fn: (tx: Ctx & { db: import("@/db/client").Tx }, r: Recharge) => Promise<StepResult>): Promise<StepResult> {
  return withTransaction(ctx, async (tx) => {
    const [r] = await tx.db
      .select()
      .from(recharges)
      .where(and(eq(recharges.id, id), isNotNull(recharges.nextRunAt), lte(recharges.nextRunAt, now)))
      .for("update", { skipLocked: true });
    if (!r) return { id, status: "skipped", again: false };
    return fn(tx, r);
  });
}

async function relock(ctx: Ctx, id: string, fn: (tx: Ctx & { db: import("@/db/client").Tx }, r: Recharge) => Promise<StepResult>) {
  return withTransaction(ctx, async (tx) => {
    const [r] = await tx.db.select().from(recharges).where(eq(recharges.id, id)).for("update");
    return fn(tx, r);
  });
}

async function record(ctx: Ctx, r: Recharge, provider: string, call: Parameters<typeof logProviderCall>[1]["call"], result: ProviderResult) {
  await logProviderCall(ctx.db, { provider, call, outcome: result.kind === "failed" ? `failed:${result.code}` : result.kind, rechargeId: r.id, accountId: r.accountId, attempt: r.triedProviders.length + 1 });
  if (isProviderFault(result)) await recordProviderFailure(ctx.db, provider);
  else if (result.kind !== "not_found") await recordProviderSuccess(ctx.db, provider);
}

/** Moves one order one step. `now` lets tests and the sweeper agree on what is due. */
export async function advanceRecharge(ctx: Ctx, id: string, now = new Date()): Promise<StepResult> {
  // Phase 1, under the row lock: decide what to do, and commit the intent before any provider call.
  let call: { r: Recharge; provider: string; op: "submit" | "status" } | null = null;
  const decided = await claim(ctx, id, now, async (tx, r) => {
    switch (r.status) {
      case "held": {
        const ranked = await rankProviders(tx.db, { operator: r.operator, exclude: r.triedProviders });
        let chosen: string | null = null;
        for (const candidate of ranked) {
          if (!candidate.breakerOpen || (await breakerAllows(tx.db, candidate.provider.name, now))) {
            chosen = candidate.provider.name;
            break;
          }
        }
        if (!chosen) {
          if (now.getTime() - r.createdAt.getTime() < NO_ROUTE_PATIENCE_MS && ranked.length > 0) {
            await tx.db.update(recharges).set({ nextRunAt: new Date(now.getTime() + 5000) }).where(eq(recharges.id, r.id));
            return { id, status: r.status, again: false };
          }
          const failed = await settleFailure(tx, r, r.triedProviders.length ? "provider_down" : "no_route", { tried: r.triedProviders });
          return { id, status: failed.status, again: false };
        }
        const row = await getProvider(tx.db, chosen);
        const updated = await transition(
          tx,
          r,
          { status: "submitting", provider: chosen, nextRunAt: new Date(now.getTime() + (row?.timeoutMs ?? 10_000) + SUBMIT_LEASE_EXTRA_MS) },
          `Sending to ${chosen}`,
          { provider: chosen, attempt: r.triedProviders.length + 1 },
        );
        call = { r: updated, provider: chosen, op: "submit" };
        return { id, status: "submitting", again: true };
      }
      case "submitting": {
        // The lease ran out: the process that was calling the provider died mid-call. The provider
        // may have performed it, so only status checks with that same provider may decide.
        const updated = await transition(
          tx,
          r,
          { status: "pending", nextRunAt: now, checkDeadline: new Date(now.getTime() + env.STATUS_CHECK_DEADLINE_MINUTES * 60_000) },
          "Submission outcome unknown; checking status with the same provider",
          { provider: r.provider },
        );
        return { id, status: updated.status, again: true };
      }
      case "pending":
      case "succeeded": {
        await tx.db.update(recharges).set({ nextRunAt: new Date(now.getTime() + 60_000) }).where(eq(recharges.id, r.id));
        call = { r, provider: r.provider!, op: "status" };
        return { id, status: r.status, again: true };
      }
      default: {
        await tx.db.update(recharges).set({ nextRunAt: null }).where(eq(recharges.id, r.id));
        return { id, status: r.status, again: false };
      }
    }
  });
  if (!call) return decided;
  const { r, provider, op } = call as { r: Recharge; provider: string; op: "submit" | "status" };

  // Phase 2, no lock held: talk to the provider.
  const providerRow = await getProvider(ctx.db, provider);
  if (!providerRow) throw new Error(`Provider ${provider} vanished`);
  const adapter = adapterFor(providerRow);
  const { result, call: log } =
    op === "submit"
      ? await adapter.submit({ orderId: orderIdFor(r), operator: r.operator, country: r.country as "BD", service: r.service, target: r.target, amount: r.amount, currency: r.currency, accountType: r.accountType, biller: r.service === "mobile" ? undefined : r.operator })
      : await adapter.status({ orderId: orderIdFor(r), providerRef: r.providerRef });
  await record(ctx, r, provider, log, result);

  // Phase 3, under the row lock again: apply the answer if the order is still where we left it.
  return relock(ctx, id, async (tx, current) => {
    if (current.provider !== provider || current.status !== (op === "submit" ? "submitting" : r.status)) {
      // Someone else moved it meanwhile (an admin decision); a success we just learned still counts.
      if (result.kind === "succeeded" && current.status === "pending" && current.provider === provider) {
        const done = await settleSuccess(tx, current, result);
        return { id, status: done.status, again: false };
      }
      // An admin resolved it as failed while we asked, and the provider did perform it: the money we
      // owe the provider must not vanish with the released hold.
      if (result.kind === "succeeded" && current.status === "failed" && current.failureCode === "admin_failed" && current.provider === provider) {
        const flagged = await settleLateSuccess(tx, current, result);
        return { id, status: flagged.status, again: false };
      }
      logger.warn({ recharge_id: id, status: current.status, result: result.kind }, "provider answer for a recharge that moved on");
      return { id, status: current.status, again: false };
    }
    return applyResult(tx, current, op, result, now);
  });
}

async function applyResult(tx: Ctx & { db: import("@/db/client").Tx }, r: Recharge, op: "submit" | "status", result: ProviderResult, now: Date): Promise<StepResult> {
  const id = r.id;
  if (r.status === "succeeded") {
    // The post-success look: only a reversal changes anything.
    if (result.kind === "reversed") return { id, status: (await settleReversal(tx, r, result.message)).status, again: false };
    if (result.kind === "unknown" && r.checkAttempts < 5) {
      await tx.db.update(recharges).set({ checkAttempts: r.checkAttempts + 1, nextRunAt: new Date(now.getTime() + backoff(r.checkAttempts)) }).where(eq(recharges.id, id));
      return { id, status: r.status, again: false };
    }
    await tx.db.update(recharges).set({ nextRunAt: null }).where(eq(recharges.id, id));
    return { id, status: r.status, again: false };
  }
  switch (result.kind) {
    case "succeeded":
      return { id, status: (await settleSuccess(tx, r, result)).status, again: false };
    case "reversed":
      return { id, status: (await settleFailure(tx, r, "reversed_before_capture", { message: result.message })).status, again: false };
    case "failed": {
      if (op === "submit" && !ORDER_FAULTS.has(result.code)) {
        // Definitely not performed, and not the order's fault: try the next provider.
        const updated = await transition(tx, r, { status: "held", triedProviders: [...r.triedProviders, r.provider!], nextRunAt: now }, `Failed over from ${r.provider}`, { code: result.code, provider_code: result.providerCode });
        return { id, status: updated.status, again: true };
      }
      if (result.code === "operator_mismatch") {
        const e164 = (r.metadata as { e164?: string }).e164;
        if (e164) await recordRejection(tx.db, e164, r.operator);
      }
      return { id, status: (await settleFailure(tx, r, result.code, { provider_code: result.providerCode, message: result.message })).status, again: false };
    }
    case "not_found": {
      // The provider never received it (and status checks only run after the submit lease): safe to
      // offer it to the next provider.
      const updated = await transition(tx, r, { status: "held", triedProviders: [...r.triedProviders, r.provider!], nextRunAt: now }, `${r.provider} has no record of the order; trying the next provider`, {});
      return { id, status: updated.status, again: true };
    }
    case "pending":
    case "unknown": {
      const deadline = r.checkDeadline ?? new Date(now.getTime() + env.STATUS_CHECK_DEADLINE_MINUTES * 60_000);
      const attempts = op === "status" ? r.checkAttempts + 1 : r.checkAttempts;
      const providerRef = result.kind === "pending" ? result.providerRef : r.providerRef;
      if (op === "status" && now >= deadline) {
        await tx.db.update(recharges).set({ checkAttempts: attempts, needsReview: true, nextRunAt: null, providerRef }).where(eq(recharges.id, id));
        await transition(tx, { ...r, status: "pending" }, { status: "pending" }, "Status checks ran out; waiting for an admin decision", {});
        return { id, status: "pending", again: false };
      }
      const next = new Date(now.getTime() + backoff(attempts));
      if (r.status === "submitting") {
        const updated = await transition(tx, r, { status: "pending", providerRef, checkDeadline: deadline, nextRunAt: next }, result.kind === "pending" ? "Accepted by the provider" : "No definite answer from the provider; checking status", { reason: result.kind === "unknown" ? result.reason : undefined });
        return { id, status: updated.status, again: false };
      }
      await tx.db.update(recharges).set({ checkAttempts: attempts, providerRef, checkDeadline: deadline, nextRunAt: next, updatedAt: new Date() }).where(eq(recharges.id, id));
      return { id, status: r.status, again: false };
    }
  }
}

/**
 * A provider's answer that arrived on its own (a callback) goes through the same step as a status
 * check's answer, under the order's row lock: applied only while the order still waits on that
 * provider (a final answer for a submitting or pending order, a reversal for a succeeded one), so a
 * duplicate or a stale callback finds nothing to do.
 */
export async function applyProviderAnswer(ctx: Ctx, id: string, provider: string, result: ProviderResult, now = new Date()): Promise<StepResult & { applied: boolean }> {
  let applied = false;
  const step = await relock(ctx, id, async (tx, current) => {
    if (!current) return { id, status: "skipped", again: false };
    const final = result.kind === "succeeded" || result.kind === "failed" || result.kind === "reversed";
    // A succeeded order only hears news of a reversal (whenever it comes); an open one any final answer.
    const applies = current.status === "succeeded" ? result.kind === "reversed" : (current.status === "submitting" || current.status === "pending") && final;
    if (current.provider !== provider || !applies) {
      return { id, status: current.status, again: false };
    }
    applied = true;
    return applyResult(tx, current, "status", result, now);
  });
  return { ...step, applied };
}

/** Runs an order's immediate steps back to back (submit, failover) until it waits on something. */
export async function driveRecharge(ctx: Ctx, id: string, maxSteps = 8, now?: Date): Promise<StepResult> {
  let last: StepResult = { id, status: "skipped", again: false };
  for (let i = 0; i < maxSteps; i++) {
    last = await advanceRecharge(ctx, id, now ?? new Date());
    if (!last.again) break;
  }
  return last;
}

/** Ids of orders with a step due, oldest first. */
export async function dueRecharges(db: Db | Ctx["db"], now = new Date(), limit = 50) {
  const rows = await db
    .select({ id: recharges.id })
    .from(recharges)
    .where(and(isNotNull(recharges.nextRunAt), lte(recharges.nextRunAt, now)))
    .orderBy(recharges.nextRunAt)
    .limit(limit);
  return rows.map((r) => r.id);
}


/** When the order's next step is due (null when it waits on nothing). */
export async function nextRunOf(db: Db | Ctx["db"], id: string): Promise<Date | null> {
  const [row] = await db.select({ nextRunAt: recharges.nextRunAt }).from(recharges).where(eq(recharges.id, id));
  return row?.nextRunAt ?? null;
}
