// The outage switchboard (API.md §7): tests and the admin page flip providers down, slow them or make
// them reject a share of orders, without touching any provider's own API. It also answers, per
// provider, which orders that provider received and performed: the independent witness that tests
// compare the product's books against.
import { z } from "zod";
import { formatCents, json, readJson } from "@/server/sim/respond";
import { getControl, isSimName, listOrders, resetControls, saveControl, SIM_NAMES, type SimName, type SimOrder } from "@/server/sim/state";

export const SimControlInput = z
  .object({
    down: z.boolean(),
    latency_ms: z.number().int().min(0).max(120_000),
    fail_rate: z.number().min(0).max(1),
    /** The provider's float in USD, e.g. "25.00", to provoke "insufficient balance". */
    balance: z.string().regex(/^\d{1,12}(\.\d{1,2})?$/),
    /** An order whose submit answer was lost (004, or the client hung up) is "not found" for this long. */
    timeout_visible_after_ms: z.number().int().min(0).max(3_600_000),
  })
  .partial()
  .strict();
export type SimControlInput = z.infer<typeof SimControlInput>;

export function describeControl(name: SimName) {
  const c = getControl(name);
  return {
    name,
    down: c.down,
    latency_ms: c.latencyMs,
    fail_rate: c.failRate,
    balance: formatCents(c.floatUsdCents),
    timeout_visible_after_ms: c.timeoutVisibleAfterMs,
  };
}

export function updateControl(name: SimName, input: SimControlInput) {
  const c = getControl(name);
  if (input.down !== undefined) c.down = input.down;
  if (input.latency_ms !== undefined) c.latencyMs = input.latency_ms;
  if (input.fail_rate !== undefined) c.failRate = input.fail_rate;
  if (input.balance !== undefined) {
    const [whole, frac = ""] = input.balance.split(".");
    c.floatUsdCents = BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
  }
  if (input.timeout_visible_after_ms !== undefined) c.timeoutVisibleAfterMs = input.timeout_visible_after_ms;
  saveControl(name);
  return describeControl(name);
}

/** What the provider did with one order, as its own books say. */
export function describeOrder(order: SimOrder) {
  return {
    order_id: order.orderId,
    provider_ref: order.ref,
    state: order.state,
    /** True when the provider performed the top-up (it may have been reversed since). */
    performed: order.state === "succeeded" || order.state === "reversed",
    target: order.target,
    operator: order.operator,
    amount: order.amount,
    currency: order.currency,
    charged_usd: formatCents(order.chargedUsdCents),
    status_checks: order.statusChecks,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

/** `subpath` is what follows /api/sim/providers. */
export async function controlHandler(req: Request, subpath: string[]): Promise<Response> {
  if (subpath.length === 0 && req.method === "GET") return json({ providers: SIM_NAMES.map(describeControl) });
  const [target, sub] = subpath;
  if (subpath.length === 2 && sub === "orders" && req.method === "GET" && isSimName(target)) {
    // ?order_id= narrows to one of our order ids (with its "-N" attempt suffix or not).
    const orderId = new URL(req.url).searchParams.get("order_id");
    const orders = listOrders(target).filter((o) => !orderId || o.orderId === orderId || o.orderId.startsWith(`${orderId}-`));
    return json({ provider: target, orders: orders.map(describeOrder) });
  }
  if (subpath.length !== 1) return json({ error: "not_found" }, 404);
  if (target === "reset" && req.method === "POST") {
    resetControls();
    return json({ providers: SIM_NAMES.map(describeControl) });
  }
  if (!isSimName(target)) return json({ error: "not_found", message: `No simulator named ${target}` }, 404);
  if (req.method === "GET") return json(describeControl(target));
  if (req.method !== "POST") return json({ error: "method_not_allowed" }, 405);
  const parsed = SimControlInput.safeParse(await readJson(req));
  if (!parsed.success) return json({ error: "validation_failed", issues: parsed.error.issues }, 422);
  return json(updateControl(target, parsed.data));
}
