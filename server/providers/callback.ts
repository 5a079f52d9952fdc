// Inbound provider callbacks (POST /api/providers/{name}/callback): verify the provider's signature,
// then apply the result through the same step as a status check. Every callback is logged like any
// provider call, the refused ones too; a refused one changes nothing else.
import { eq } from "drizzle-orm";
import { recharges } from "@/db/schema";
import type { Ctx } from "@/server/context";
import { AppError, NotFound } from "@/server/lib/errors";
import { applyProviderAnswer } from "@/server/recharge/advance";
import { adapterFor, getProvider, logProviderCall } from "./store";
import { CallbackRejected, type CallLog, type ProviderCallback } from "./types";

export type CallbackOutcome = { recharge_id: string; status: string; applied: boolean };

function loggedBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const form = Object.fromEntries(new URLSearchParams(body));
    return Object.keys(form).length ? form : body.slice(0, 4000);
  }
}

/** Our attempt number n of an order is `${rch id}-${n}`; n says which provider it went to. */
function attemptOf(orderId: string): { rechargeId: string; attempt: number } | null {
  const m = /^(rch_[A-Za-z0-9]+)-(\d{1,3})$/.exec(orderId);
  return m ? { rechargeId: m[1], attempt: Number(m[2]) } : null;
}

export async function receiveProviderCallback(ctx: Ctx, input: { provider: string; headers: Headers; body: string; url: string }): Promise<CallbackOutcome> {
  const started = performance.now();
  const row = await getProvider(ctx.db, input.provider);
  const adapter = row ? adapterFor(row) : null;
  if (!row || !adapter?.verifyCallback) throw NotFound("Provider callback endpoint");

  const log = async (status: number, response: unknown, outcome: string, extra: { rechargeId?: string; accountId?: string; attempt?: number; error?: string } = {}) => {
    const call: CallLog = { operation: "callback", method: "POST", url: input.url, requestBody: loggedBody(input.body), httpStatus: status, responseBody: response, latencyMs: performance.now() - started, error: extra.error };
    await logProviderCall(ctx.db, { provider: row.name, call, outcome, rechargeId: extra.rechargeId, accountId: extra.accountId, attempt: extra.attempt });
  };

  let callback: ProviderCallback;
  try {
    callback = adapter.verifyCallback({ headers: input.headers, body: input.body });
  } catch (error) {
    if (!(error instanceof CallbackRejected)) throw error;
    const code = error.reason === "malformed" ? "validation_failed" : "unauthorized";
    await log(code === "unauthorized" ? 401 : 422, { error: code }, `rejected:${error.reason}`, { error: error.message });
    throw new AppError(code, error.reason === "malformed" ? "The callback body is not one this provider sends." : "The callback signature is missing, wrong or expired.");
  }

  const ids = attemptOf(callback.orderId);
  const [r] = ids ? await ctx.db.select().from(recharges).where(eq(recharges.id, ids.rechargeId)) : [];
  const attemptProvider = r && ids ? (ids.attempt <= r.triedProviders.length ? r.triedProviders[ids.attempt - 1] : ids.attempt === r.triedProviders.length + 1 ? r.provider : null) : null;
  if (!r || !ids || attemptProvider !== row.name) {
    await log(404, { error: "not_found" }, "unknown_order", { error: `no order ${callback.orderId} sent to ${row.name}` });
    throw NotFound("Order");
  }
  const outcome = callback.result.kind === "failed" ? `failed:${callback.result.code}` : callback.result.kind;
  // An attempt we abandoned after a definite failure cannot be re-applied here; if the provider
  // performed it after all, reconciliation flags it.
  const current = ids.attempt === r.triedProviders.length + 1;
  const step = current ? await applyProviderAnswer(ctx, r.id, row.name, callback.result) : { status: r.status, applied: false };
  const answer: CallbackOutcome = { recharge_id: r.id, status: step.status, applied: step.applied };
  await log(200, answer, outcome, { rechargeId: r.id, accountId: r.accountId, attempt: ids.attempt });
  return answer;
}
