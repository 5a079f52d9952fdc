import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type Provider, type Recharge, recharges } from "@/db/schema";
import { recordRejection } from "@/server/catalog/catalog";
import { type Ctx, withTransaction } from "@/server/context";
import { env } from "@/server/env.mjs";
import { logger } from "@/server/lib/logger";
import { breakerAllows, recordProviderFailure, recordProviderSuccess } from "@/server/providers/breaker";
import { rankProviders } from "@/server/providers/router";
import { adapterFor, getProvider, logProviderCall } from "@/server/providers/store";
import type { CallLog, ProviderResult } from "@/server/providers/types";
import { ORDER_FAULTS } from "./reasons";
import { settleFailure, settleLateSuccess, settleReversal, settleSuccess, transition } from "./settle";

// One step of an order's life, idempotent and safe to run twice or concurrently: each step claims the
// row (FOR UPDATE SKIP LOCKED, and only when it is due), so two workers never run the same step.
//
//   held ──choose provider──▶ submitting ──call──▶ succeeded | pending | failed | held (failover)
//   submitting (lease ran out: a crash mid-call) ──▶ pending  (never resent elsewhere: it may have happened)
//   pending ──status check──▶ succeeded | failed | pending (back off … then an admin decides)
//          └─ "no such order", believable only past the provider's idempotency window, twice, and
//             never after it gave us a reference ──▶ held (the next provider, with a clean slate)
//   succeeded (one later check) ──▶ reversed | done
//
// Leases (the next_run_at a step writes before calling a provider) are computed from the time of the
// claim, never earlier than the database's clock, so a slow sweep cannot write an already-expired
// lease and let a second worker take an order whose provider call is still in flight.

export type StepResult = { id: string; status: Recharge["status"] | "skipped"; again: boolean };

type TxCtx = Ctx & { db: Tx };

const SUBMIT_LEASE_EXTRA_MS = 30_000;
/** Lease on a status check (the call's own timeout is well below it). */
const STATUS_LEASE_MS = 60_000;
/** How long an order may wait for any provider to be able to take it before it fails. */
const NO_ROUTE_PATIENCE_MS = 60_000;
/** Two "no such order" answers must be at least this far apart before we believe them. */
export const NOT_FOUND_CONFIRM_GAP_MS = 60_000;

const orderIdFor = (r: Recharge) => `${r.id}-${r.triedProviders.length + 1}`;

function backoff(attempts: number) {
  return Math.min(env.STATUS_CHECK_BASE_MS * 2 ** Math.min(attempts, 10), 15 * 60_000);
}

const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** The provider's idempotency window: how long after a submit "no such order" may still change. */
export function notFoundWindowMs(provider: Pick<Provider, "notFoundWindowSeconds"> | null) {
  return (provider?.notFoundWindowSeconds ?? env.PROVIDER_NOT_FOUND_WINDOW_SECONDS) * 1000;
}

/** A clock that starts at `now` (tests run it ahead of real time) and advances with real time. */
function clockFrom(now?: Date) {
  const base = (now ?? new Date()).getTime();
  const started = Date.now();
  return () => new Date(base + (Date.now() - started));
}

/** Counts toward the breaker: the provider itself misbehaved (not the order). */
function isProviderFault(result: ProviderResult) {
  return result.kind === "unknown" || (result.kind === "failed" && (result.code === "provider_down" || result.code === "provider_balance"));
}

/** What a failover resets: the next provider starts with a clean slate. */
function failoverPatch(r: Recharge, at: Date) {
  return {
    status: "held" as const,
    triedProviders: [...r.triedProviders, r.provider!],
    nextRunAt: at,
    providerRef: null,
    checkDeadline: null,
    checkAttempts: 0,
    submittedAt: null,
    notFoundChecks: 0,
    firstNotFoundAt: null,
    lastError: null,
  };
}

/**
 * Locks the row if its step is due at `due`, and reads the database clock in the same statement. The
 * step acts at `at`: the caller's clock (which tests run ahead), never behind the database's.
 */
async function claim(ctx: Ctx, id: string, clock: () => Date, fn: (tx: TxCtx, r: Recharge, at: Date) => Promise<StepResult>): Promise<StepResult> {
  const due = clock();
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ r: recharges, dbNow: sql<Date>`clock_timestamp()`.mapWith(recharges.createdAt) })
      .from(recharges)
      .where(and(eq(recharges.id, id), isNotNull(recharges.nextRunAt), lte(recharges.nextRunAt, due)))
      .for("update", { skipLocked: true });
    if (!row) return { id, status: "skipped", again: false };
    const now = clock();
    return fn(tx, row.r, row.dbNow > now ? row.dbNow : now);
  });
}

async function relock(ctx: Ctx, id: string, clock: () => Date, fn: (tx: TxCtx, r: Recharge, at: Date) => Promise<StepResult>) {
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ r: recharges, dbNow: sql<Date>`clock_timestamp()`.mapWith(recharges.createdAt) })
      .from(recharges)
      .where(eq(recharges.id, id))
      .for("update");
    if (!row) return { id, status: "skipped", again: false } satisfies StepResult;
    const now = clock();
    return fn(tx, row.r, row.dbNow > now ? row.dbNow : now);
  });
}

async function record(ctx: Ctx, r: Recharge, provider: string, call: CallLog, result: ProviderResult, at: Date) {
  await logProviderCall(ctx.db, { provider, call, outcome: result.kind === "failed" ? `failed:${result.code}` : result.kind, rechargeId: r.id, accountId: r.accountId, attempt: r.triedProviders.length + 1 });
  if (isProviderFault(result)) await recordProviderFailure(ctx.db, provider, at);
  else if (result.kind !== "not_found") await recordProviderSuccess(ctx.db, provider);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Phase 2: talks to the provider, with no lock held. Whatever goes wrong becomes a result the order
 * can act on: a provider that cannot even be set up (e.g. credentials that no longer decrypt) was
 * sent nothing, a definite failure; a call that throws midway may have been sent, so it is unknown.
 */
async function callProvider(
  ctx: Ctx,
  r: Recharge,
  provider: string,
  op: "submit" | "status",
  known: Provider | null,
): Promise<{ result: ProviderResult; call: CallLog | null; error: string | null }> {
  let adapter;
  try {
    // A submit reuses the row its provider was chosen from (read in the transaction that committed the intent).
    const row = known ?? (await getProvider(ctx.db, provider));
    if (!row) throw new Error(`Provider ${provider} no longer exists.`);
    adapter = adapterFor(row);
  } catch (error) {
    const message = `Provider ${provider} could not be set up: ${errorText(error)}`;
    return op === "submit"
      ? { result: { kind: "failed", code: "provider_down", providerCode: "setup_failed", message }, call: null, error: message }
      : { result: { kind: "unknown", reason: message }, call: null, error: message };
  }
  try {
    const { result, call } =
      op === "submit"
        ? await adapter.submit({ orderId: orderIdFor(r), operator: r.operator, country: r.country as "BD", service: r.service, target: r.target, amount: r.amount, currency: r.currency, accountType: r.accountType, biller: r.service === "mobile" ? undefined : r.operator })
        : await adapter.status({ orderId: orderIdFor(r), providerRef: r.providerRef });
    return { result, call, error: null };
  } catch (error) {
    const message = `The ${op} call to ${provider} failed: ${errorText(error)}`;
    return { result: { kind: "unknown", reason: message }, call: null, error: message };
  }
}

/** Moves one order one step. `now` lets tests and the sweeper agree on what is due. */
export async function advanceRecharge(ctx: Ctx, id: string, now?: Date): Promise<StepResult> {
  const clock = clockFrom(now);
  // Phase 1, under the row lock: decide what to do, and commit the intent before any provider call.
  let call: { r: Recharge; provider: string; op: "submit" | "status"; row: Provider | null } | null = null;
  const decided = await claim(ctx, id, clock, async (tx, r, at) => {
    switch (r.status) {
      case "held": {
        const ranked = await rankProviders(tx.db, { operator: r.operator, exclude: r.triedProviders, now: at });
        let chosen: RankedChoice | null = null;
        for (const candidate of ranked) {
          // A provider whose breaker is not closed gets traffic only as its one half-open probe.
          if (!candidate.needsProbe || (await breakerAllows(tx.db, candidate.provider.name, at))) {
            chosen = candidate;
            break;
          }
        }
        if (!chosen) {
          if (at.getTime() - r.createdAt.getTime() < NO_ROUTE_PATIENCE_MS && ranked.length > 0) {
            await tx.db.update(recharges).set({ nextRunAt: later(at, 5000) }).where(eq(recharges.id, r.id));
            return { id, status: r.status, again: false };
          }
          const failed = await settleFailure(tx, r, r.triedProviders.length ? "provider_down" : "no_route", { tried: r.triedProviders });
          return { id, status: failed.status, again: false };
        }
        const name = chosen.provider.name;
        const updated = await transition(
          tx,
          r,
          { status: "submitting", provider: name, submittedAt: at, nextRunAt: later(at, chosen.provider.timeoutMs + SUBMIT_LEASE_EXTRA_MS) },
          `Sending to ${name}`,
          { provider: name, attempt: r.triedProviders.length + 1, ...(chosen.needsProbe ? { breaker_probe: true } : {}) },
        );
        call = { r: updated, provider: name, op: "submit", row: chosen.provider };
        return { id, status: "submitting", again: true };
      }
      case "submitting": {
        // The lease ran out: the process that was calling the provider died mid-call. The provider
        // may have performed it, so only status checks with that same provider may decide.
        const updated = await transition(
          tx,
          r,
          { status: "pending", nextRunAt: at, submittedAt: r.submittedAt ?? r.updatedAt, checkDeadline: later(at, env.STATUS_CHECK_DEADLINE_MINUTES * 60_000) },
          "Submission outcome unknown; checking status with the same provider",
          { provider: r.provider },
        );
        return { id, status: updated.status, again: true };
      }
      case "pending":
      case "succeeded": {
        await tx.db.update(recharges).set({ nextRunAt: later(at, STATUS_LEASE_MS) }).where(eq(recharges.id, r.id));
        call = { r, provider: r.provider!, op: "status", row: null };
        return { id, status: r.status, again: true };
      }
      default: {
        await tx.db.update(recharges).set({ nextRunAt: null }).where(eq(recharges.id, r.id));
        return { id, status: r.status, again: false };
      }
    }
  });
  if (!call) return decided;
  const { r, provider, op, row } = call as { r: Recharge; provider: string; op: "submit" | "status"; row: Provider | null };

  // Phase 2, no lock held: talk to the provider.
  const { result, call: log, error } = await callProvider(ctx, r, provider, op, row);
  if (log) await record(ctx, r, provider, log, result, clock());
  else if (isProviderFault(result)) await recordProviderFailure(ctx.db, provider, clock());

  // Phase 3, under the row lock again: apply the answer if the order is still where we left it.
  return relock(ctx, id, clock, async (tx, current, at) => {
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
    if (error) logger.error({ recharge_id: id, provider, op, error }, "recharge step could not reach its provider");
    return applyResult(tx, current, op, result, at, error);
  });
}

type RankedChoice = Awaited<ReturnType<typeof rankProviders>>[number];

async function applyResult(tx: TxCtx, r: Recharge, op: "submit" | "status", result: ProviderResult, at: Date, error: string | null): Promise<StepResult> {
  const id = r.id;
  if (r.status === "succeeded") {
    // The post-success look: only a reversal changes anything.
    if (result.kind === "reversed") return { id, status: (await settleReversal(tx, r, result.message)).status, again: false };
    if (result.kind === "unknown" && r.checkAttempts < 5) {
      await tx.db.update(recharges).set({ checkAttempts: r.checkAttempts + 1, nextRunAt: later(at, backoff(r.checkAttempts)) }).where(eq(recharges.id, id));
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
        const updated = await transition(tx, r, failoverPatch(r, at), `Failed over from ${r.provider}`, { code: result.code, provider_code: result.providerCode, ...(error ? { error } : {}) });
        return { id, status: updated.status, again: true };
      }
      if (result.code === "operator_mismatch") {
        const e164 = (r.metadata as { e164?: string }).e164;
        if (e164) await recordRejection(tx.db, e164, r.operator);
      }
      return { id, status: (await settleFailure(tx, r, result.code, { provider_code: result.providerCode, message: result.message })).status, again: false };
    }
    case "not_found":
      return notFound(tx, r, at);
    case "pending":
    case "unknown":
      return keepChecking(tx, r, op, { providerRef: result.kind === "pending" ? result.providerRef : r.providerRef, reason: result.kind === "unknown" ? result.reason : null, error }, at);
  }
}

/**
 * The provider says it has no such order. Believed only once its idempotency window since the submit
 * has passed, on two answers spaced apart, and never once it gave us a reference for the order:
 * until then the order is simply still pending with this provider.
 */
async function notFound(tx: TxCtx, r: Recharge, at: Date): Promise<StepResult> {
  const provider = await getProvider(tx.db, r.provider!);
  const windowEnd = later(r.submittedAt ?? r.updatedAt, notFoundWindowMs(provider));
  if (r.providerRef) {
    const note = `${r.provider} answers "no such order" for an order it accepted (reference ${r.providerRef}); not trusted.`;
    return keepChecking(tx, r, "status", { providerRef: r.providerRef, reason: note, error: note }, at);
  }
  if (at < windowEnd) {
    // It may still show up (slow providers store orders late): check again, at the latest when the window ends.
    const next = new Date(Math.min(at.getTime() + backoff(r.checkAttempts + 1), Math.max(windowEnd.getTime(), at.getTime() + env.STATUS_CHECK_BASE_MS)));
    return keepChecking(tx, r, "status", { providerRef: null, reason: null, error: null }, at, { next, notFound: { checks: 0, first: null } });
  }
  const first = r.notFoundChecks > 0 && r.firstNotFoundAt ? r.firstNotFoundAt : at;
  const checks = r.notFoundChecks + 1;
  if (checks >= 2 && at.getTime() - first.getTime() >= NOT_FOUND_CONFIRM_GAP_MS) {
    const updated = await transition(tx, r, failoverPatch(r, at), `${r.provider} still has no record of the order after its idempotency window; trying the next provider`, {
      provider: r.provider,
      submitted_at: (r.submittedAt ?? r.updatedAt).toISOString(),
      first_not_found_at: first.toISOString(),
    });
    return { id: r.id, status: updated.status, again: true };
  }
  return keepChecking(tx, r, "status", { providerRef: null, reason: null, error: null }, at, { next: later(at, Math.max(NOT_FOUND_CONFIRM_GAP_MS, env.STATUS_CHECK_BASE_MS)), notFound: { checks, first } });
}

/** No final answer yet: back off and check again, until the deadline hands the order to an admin. */
async function keepChecking(
  tx: TxCtx,
  r: Recharge,
  op: "submit" | "status",
  answer: { providerRef: string | null; reason: string | null; error: string | null },
  at: Date,
  opts: { next?: Date; notFound?: { checks: number; first: Date | null } } = {},
): Promise<StepResult> {
  const id = r.id;
  const deadline = r.checkDeadline ?? later(at, env.STATUS_CHECK_DEADLINE_MINUTES * 60_000);
  const attempts = op === "status" ? r.checkAttempts + 1 : r.checkAttempts;
  const providerRef = answer.providerRef ?? r.providerRef;
  // Any answer other than "no such order" resets the count of those.
  const notFound = opts.notFound ?? { checks: 0, first: null };
  const fields = { checkAttempts: attempts, providerRef, checkDeadline: deadline, notFoundChecks: notFound.checks, firstNotFoundAt: notFound.first, lastError: answer.error };
  if (op === "status" && at >= deadline) {
    await tx.db.update(recharges).set({ ...fields, lastError: answer.error ?? r.lastError, needsReview: true, nextRunAt: null }).where(eq(recharges.id, id));
    const why = answer.error ?? r.lastError;
    await transition(tx, { ...r, status: "pending" }, { status: "pending" }, `Status checks ran out; waiting for an admin decision${why ? `. Last error: ${why}` : ""}`, why ? { error: why } : {});
    return { id, status: "pending", again: false };
  }
  const next = opts.next ?? later(at, backoff(attempts));
  if (r.status === "submitting") {
    const updated = await transition(
      tx,
      r,
      { status: "pending", ...fields, nextRunAt: next },
      answer.providerRef && !answer.reason ? "Accepted by the provider" : "No definite answer from the provider; checking status",
      { reason: answer.reason ?? undefined },
    );
    return { id, status: updated.status, again: false };
  }
  await tx.db.update(recharges).set({ ...fields, nextRunAt: next, updatedAt: new Date() }).where(eq(recharges.id, id));
  return { id, status: r.status, again: false };
}

/**
 * A provider's answer that arrived on its own (a callback) goes through the same step as a status
 * check's answer, under the order's row lock: applied only while the order still waits on that
 * provider (a final answer for a submitting or pending order, a reversal for a succeeded one), so a
 * duplicate or a stale callback finds nothing to do.
 */
export async function applyProviderAnswer(ctx: Ctx, id: string, provider: string, result: ProviderResult, now?: Date): Promise<StepResult & { applied: boolean }> {
  let applied = false;
  const step = await relock(ctx, id, clockFrom(now), async (tx, current, at) => {
    const final = result.kind === "succeeded" || result.kind === "failed" || result.kind === "reversed";
    // A succeeded order only hears news of a reversal (whenever it comes); an open one any final answer.
    const applies = current.status === "succeeded" ? result.kind === "reversed" : (current.status === "submitting" || current.status === "pending") && final;
    if (current.provider !== provider || !applies) {
      return { id, status: current.status, again: false };
    }
    const done = await applyResult(tx, current, "status", result, at, null);
    applied = done.status !== current.status;
    return done;
  });
  return { ...step, applied };
}

/**
 * A step that threw outside the provider call (e.g. the database refused something): the error is
 * kept on the order for admins, and a pending order past its deadline is handed to them instead of
 * being retried every minute forever.
 */
export async function recordStepError(ctx: Ctx, id: string, error: unknown, now?: Date) {
  const message = errorText(error);
  await withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ r: recharges, dbNow: sql<Date>`clock_timestamp()`.mapWith(recharges.createdAt) })
      .from(recharges)
      .where(eq(recharges.id, id))
      .for("update", { skipLocked: true });
    if (!row) return;
    const at = now && now > row.dbNow ? now : row.dbNow;
    const { r } = row;
    if (r.status === "pending" && r.checkDeadline && at >= r.checkDeadline && !r.needsReview) {
      await tx.db.update(recharges).set({ lastError: message, needsReview: true, nextRunAt: null }).where(eq(recharges.id, id));
      await transition(tx, r, { status: "pending" }, `Status checks ran out; waiting for an admin decision. Last error: ${message}`, { error: message });
    } else {
      await tx.db.update(recharges).set({ lastError: message }).where(eq(recharges.id, id));
    }
  });
}

/** Runs an order's immediate steps back to back (submit, failover) until it waits on something. */
export async function driveRecharge(ctx: Ctx, id: string, maxSteps = 8, now?: Date): Promise<StepResult> {
  let last: StepResult = { id, status: "skipped", again: false };
  const clock = now ? clockFrom(now) : () => undefined;
  for (let i = 0; i < maxSteps; i++) {
    try {
      last = await advanceRecharge(ctx, id, clock());
    } catch (error) {
      await recordStepError(ctx, id, error, clock()).catch((err) => logger.error({ err, recharge_id: id }, "could not record a step error"));
      throw error;
    }
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
