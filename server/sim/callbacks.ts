// Provider callbacks (API.md §7): the asynchronous simulators (bravo, charlie) process an accepted
// order on their own clock and push its outcome to the URL registered with them, signed with their
// scheme, the way real aggregators do. Like real ones, they sometimes deliver a callback twice and
// sometimes out of order (a stale "processing" after the final state, a reversal before the success).
// Off until a URL is registered (POST /api/sim/providers/{name}/callbacks), so a simulator used
// without an app behind it behaves exactly as before.
import { createHmac } from "node:crypto";
import { z } from "zod";
import { present as presentBravo } from "@/server/sim/bravo";
import { simProvider } from "@/server/sim/catalog";
import { expectedSign, queryFields } from "@/server/sim/charlie";
import { checkOrder } from "@/server/sim/engine";
import { json, readJson } from "@/server/sim/respond";
import type { SimName, SimOrder } from "@/server/sim/state";

export const CALLBACK_STYLES = ["bravo", "charlie"] as const;
type CallbackSim = (typeof CALLBACK_STYLES)[number];
const isCallbackSim = (name: string): name is CallbackSim => (CALLBACK_STYLES as readonly string[]).includes(name);

export type CallbackSettings = {
  url: string | null;
  /** How long the provider takes to process an accepted order before it calls back. */
  delayMs: number;
  /** 0..1: share of callbacks delivered twice. */
  duplicateRate: number;
  /** 0..1: share of orders whose callbacks arrive in the wrong order. */
  reorderRate: number;
};

export type DeliveryRecord = { orderId: string; state: string; attempt: number; status: number | null; error?: string; at: string };

type CallbackState = { settings: Record<CallbackSim, CallbackSettings>; deliveries: Record<CallbackSim, DeliveryRecord[]>; timers: Set<NodeJS.Timeout> };

const defaults = (): CallbackSettings => ({ url: null, delayMs: 1500, duplicateRate: 0.05, reorderRate: 0.05 });
const store = globalThis as typeof globalThis & { __refillSimCallbacks?: CallbackState };

function callbackState(): CallbackState {
  store.__refillSimCallbacks ??= { settings: { bravo: defaults(), charlie: defaults() }, deliveries: { bravo: [], charlie: [] }, timers: new Set() };
  return store.__refillSimCallbacks;
}

export const CallbackSettingsInput = z
  .object({
    url: z.string().url().max(500).nullable(),
    delay_ms: z.number().int().min(0).max(600_000),
    duplicate_rate: z.number().min(0).max(1),
    reorder_rate: z.number().min(0).max(1),
  })
  .partial()
  .strict();

function describe(name: CallbackSim) {
  const s = callbackState().settings[name];
  return { name, url: s.url, delay_ms: s.delayMs, duplicate_rate: s.duplicateRate, reorder_rate: s.reorderRate, deliveries: callbackState().deliveries[name].slice(-100) };
}

/**
 * Back to the default delay and rates, delivery log emptied. The registered URL stays: it is the
 * account's setting on the provider's side, not a fault to undo.
 */
export function resetCallbacks() {
  const state = callbackState();
  for (const n of CALLBACK_STYLES) {
    state.settings[n] = { ...defaults(), url: state.settings[n].url };
    state.deliveries[n] = [];
  }
}

/** `subpath` is what follows /api/sim/providers/{name}/callbacks. */
export async function callbacksControlHandler(req: Request, name: string): Promise<Response> {
  if (!isCallbackSim(name)) return json({ error: "not_found", message: `${name} does not send callbacks` }, 404);
  if (req.method === "GET") return json(describe(name));
  if (req.method !== "POST") return json({ error: "method_not_allowed" }, 405);
  const parsed = CallbackSettingsInput.safeParse(await readJson(req));
  if (!parsed.success) return json({ error: "validation_failed", issues: parsed.error.issues }, 422);
  const s = callbackState().settings[name];
  const input = parsed.data;
  if (input.url !== undefined) s.url = input.url;
  if (input.delay_ms !== undefined) s.delayMs = input.delay_ms;
  if (input.duplicate_rate !== undefined) s.duplicateRate = input.duplicate_rate;
  if (input.reorder_rate !== undefined) s.reorderRate = input.reorder_rate;
  return json(describe(name));
}

function later(ms: number, fn: () => void | Promise<void>) {
  const state = callbackState();
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    void fn();
  }, ms);
  timer.unref?.();
  state.timers.add(timer);
}

/** The signed HTTP request each style sends for one snapshot of an order. */
function signedRequest(name: CallbackSim, order: SimOrder, now: Date): { body: string; headers: Record<string, string> } {
  if (name === "bravo") {
    const body = JSON.stringify({ event: "order.updated", order: presentBravo(order) });
    const t = Math.floor(now.getTime() / 1000);
    const v1 = createHmac("sha256", simProvider("bravo").credentials.callbackSecret).update(`${t}.${body}`).digest("hex");
    return { body, headers: { "content-type": "application/json", "x-bravo-signature": `t=${t},v1=${v1}` } };
  }
  const creds = simProvider("charlie").credentials;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ merchant: creds.merchantId, ...queryFields(order), timestamp: now.toISOString().replace(/[-:T]/g, "").slice(0, 14) })) {
    if (v !== null && v !== undefined && v !== "") params.set(k, String(v));
  }
  params.set("sign", expectedSign(params, creds.secret));
  return { body: params.toString(), headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } };
}

/** One delivery with a few bounded retries (a real provider gives up eventually; status checks remain). */
async function deliver(name: CallbackSim, snapshot: SimOrder, attempt = 1): Promise<void> {
  const url = callbackState().settings[name].url;
  if (!url) return;
  const { body, headers } = signedRequest(name, snapshot, new Date());
  const record: DeliveryRecord = { orderId: snapshot.orderId, state: snapshot.state, attempt, status: null, at: new Date().toISOString() };
  try {
    const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
    record.status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (error) {
    record.error = (error as Error).message;
  }
  const log = callbackState().deliveries[name];
  log.push(record);
  if (log.length > 500) log.splice(0, log.length - 500);
  const ok = record.status !== null && record.status < 300;
  // 4xx other than 408/429 is a final answer about this callback (bad signature, unknown order).
  const final = record.status !== null && record.status >= 400 && record.status < 500 && record.status !== 408 && record.status !== 429;
  if (!ok && !final && attempt < 4) later(1000 * 3 ** (attempt - 1), () => deliver(name, snapshot, attempt + 1));
}

/** Sends the snapshots in order, one after the other, each possibly twice. */
async function sendAll(name: CallbackSim, snapshots: SimOrder[]) {
  const { duplicateRate } = callbackState().settings[name];
  for (const snapshot of snapshots) {
    await deliver(name, snapshot);
    if (Math.random() < duplicateRate) await deliver(name, snapshot);
  }
}

const snapshot = (order: SimOrder): SimOrder => ({ ...order, failure: order.failure ? { ...order.failure } : null });

/**
 * Called by an asynchronous simulator when it accepts a new order: after the processing delay the
 * provider settles it (the same steps its status checks take) and calls back; a reversal follows
 * one more delay later.
 */
export function scheduleCallbacks(name: SimName, order: SimOrder) {
  if (!isCallbackSim(name) || order.state !== "pending") return;
  const settings = callbackState().settings[name];
  if (!settings.url) return;
  later(settings.delayMs, async () => {
    const processing = snapshot({ ...order, state: "pending", statusChecks: Math.max(order.statusChecks, 1) });
    for (let i = 0; i < 3 && order.state === "pending"; i++) checkOrder(name, { orderId: order.orderId });
    const final = snapshot(order);
    const reorder = Math.random() < settings.reorderRate;
    if (order.state === "succeeded" && order.scenario === "reversed") {
      const reversedLater = () => {
        checkOrder(name, { orderId: order.orderId });
        return snapshot(order);
      };
      if (reorder) {
        // The reversal overtakes the success it undoes.
        await sendAll(name, [reversedLater(), final]);
      } else {
        await sendAll(name, [processing, final]);
        later(settings.delayMs, () => sendAll(name, [reversedLater()]));
      }
      return;
    }
    await sendAll(name, reorder ? [final, processing] : [processing, final]);
  });
}
