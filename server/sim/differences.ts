// Disagreements a simulator can be told to have with our books, for reconciliation tests and demos
// (POST /api/sim/providers/{name}/differences). Each kind is one of the gaps real recharge
// businesses lose money in: an order the provider performed after telling us it failed, one it lost,
// one it failed after all, a different amount or cost, an order we never sent, a float that moves
// by itself.
import { randomInt } from "node:crypto";
import { z } from "zod";
import { parseAmount } from "@/server/lib/money";
import { currencyOfOperator } from "@/server/sim/catalog";
import { toUsdCents } from "@/server/sim/engine";
import { formatCents, json, readJson } from "@/server/sim/respond";
import { findOrder, getControl, isSimName, nextSeq, saveControl, saveOrder, type SimName, type SimOrder } from "@/server/sim/state";

const Money = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/);

export const InjectDifference = z.discriminatedUnion("kind", [
  /** We were told it failed (or it is pending with us); the provider performed it. */
  z.object({ kind: z.literal("performed"), order_id: z.string().min(1) }).strict(),
  /** The provider failed an order it had reported as performed. */
  z.object({ kind: z.literal("failed"), order_id: z.string().min(1) }).strict(),
  /** The provider has no record of the order. */
  z.object({ kind: z.literal("lost"), order_id: z.string().min(1) }).strict(),
  z.object({ kind: z.literal("amount"), order_id: z.string().min(1), amount: Money }).strict(),
  z.object({ kind: z.literal("cost"), order_id: z.string().min(1), cost: Money }).strict(),
  /** An order performed on our account that we never sent. */
  z.object({ kind: z.literal("unknown"), operator: z.string().min(1).default("GP"), amount: Money, target: z.string().default("01711000000") }).strict(),
  /** The float moves with no order behind it (a fee, a top-up nobody told us about). USD. */
  z.object({ kind: z.literal("float"), amount: z.string().regex(/^-?\d{1,12}(\.\d{1,2})?$/) }).strict(),
]);
export type InjectDifference = z.infer<typeof InjectDifference>;

const NEVER = "9999-12-31T00:00:00.000Z";

type FloatAdjustment = { at: string; cents: bigint };
type DiffState = { costOverrides: Record<SimName, Map<string, string>>; adjustments: Record<SimName, FloatAdjustment[]>; injected: Record<SimName, Array<InjectDifference & { at: string }>> };

const store = globalThis as typeof globalThis & { __refillSimDifferences?: DiffState };
function diffState(): DiffState {
  store.__refillSimDifferences ??= {
    costOverrides: { alpha: new Map(), bravo: new Map(), charlie: new Map() },
    adjustments: { alpha: [], bravo: [], charlie: [] },
    injected: { alpha: [], bravo: [], charlie: [] },
  };
  return store.__refillSimDifferences;
}

export const costOverrideOf = (name: SimName, orderId: string) => diffState().costOverrides[name].get(orderId);
export const floatAdjustments = (name: SimName) => diffState().adjustments[name];

const usdCents = (amount: string) => {
  const [whole, frac = ""] = amount.replace("-", "").split(".");
  const cents = BigInt(whole) * 100n + BigInt(frac.padEnd(2, "0"));
  return amount.startsWith("-") ? -cents : cents;
};

function chargeFor(order: SimOrder): bigint {
  const minor = parseAmount(order.amount, order.currency) ?? 0n;
  return toUsdCents(minor, order.currency);
}

function refund(name: SimName, order: SimOrder) {
  getControl(name).floatUsdCents += order.chargedUsdCents;
  order.chargedUsdCents = 0n;
  saveControl(name);
}

function perform(name: SimName, order: SimOrder) {
  if (order.chargedUsdCents === 0n) {
    order.chargedUsdCents = chargeFor(order);
    getControl(name).floatUsdCents -= order.chargedUsdCents;
    saveControl(name);
  }
  order.state = "succeeded";
  order.failure = null;
  order.operatorTxnId ??= `${order.operator.replace(/[^A-Za-z]/g, "").slice(0, 3).toUpperCase() || "OP"}${randomInt(10 ** 9, 10 ** 10 - 1)}`;
}

/** Applies one difference; answers what the order (if any) now looks like. */
export function injectDifference(name: SimName, input: InjectDifference): { order_id: string | null; state: string | null; balance: string } {
  const now = new Date().toISOString();
  let order: SimOrder | undefined;
  if ("order_id" in input) {
    order = findOrder(name, { orderId: input.order_id });
    if (!order) throw new Error(`no order ${input.order_id}`);
  }
  switch (input.kind) {
    case "performed":
      perform(name, order!);
      break;
    case "failed":
      refund(name, order!);
      order!.state = "failed";
      order!.failure = { code: "rejected", message: "Rejected by operator" };
      break;
    case "lost":
      // Never stored after all: invisible to status checks and statements from now on.
      refund(name, order!);
      order!.visibleAt = NEVER;
      break;
    case "amount":
      order!.amount = input.amount;
      break;
    case "cost":
      diffState().costOverrides[name].set(order!.orderId, input.cost);
      break;
    case "unknown": {
      const currency = currencyOfOperator(input.operator) ?? "BDT";
      order = {
        ref: `X${Date.now().toString().slice(-8)}${String(nextSeq()).padStart(5, "0")}`,
        orderId: `EXT-${randomInt(10 ** 8, 10 ** 9 - 1)}`,
        operator: input.operator,
        country: currency === "INR" ? "IN" : currency === "CNY" ? "CN" : "BD",
        service: "mobile",
        target: input.target,
        amount: input.amount,
        currency,
        accountType: "prepaid",
        biller: null,
        scenario: "success",
        state: "pending",
        failure: null,
        operatorTxnId: null,
        statusChecks: 0,
        chargedUsdCents: 0n,
        createdAt: now,
        updatedAt: now,
        visibleAt: null,
      };
      perform(name, order);
      saveOrder(name, order);
      break;
    }
    case "float": {
      const cents = usdCents(input.amount);
      getControl(name).floatUsdCents += cents;
      saveControl(name);
      diffState().adjustments[name].push({ at: now, cents });
      break;
    }
  }
  if (order) {
    order.updatedAt = now;
    saveOrder(name, order);
  }
  diffState().injected[name].push({ ...input, at: now });
  return { order_id: order?.orderId ?? null, state: input.kind === "lost" ? null : (order?.state ?? null), balance: formatCents(getControl(name).floatUsdCents) };
}

export function resetDifferences() {
  store.__refillSimDifferences = undefined;
}

/** `name` is the simulator in /api/sim/providers/{name}/differences. */
export async function differencesControlHandler(req: Request, name: string): Promise<Response> {
  if (!isSimName(name)) return json({ error: "not_found", message: `No simulator named ${name}` }, 404);
  if (req.method === "GET") return json({ name, injected: diffState().injected[name] });
  if (req.method !== "POST") return json({ error: "method_not_allowed" }, 405);
  const parsed = InjectDifference.safeParse(await readJson(req));
  if (!parsed.success) return json({ error: "validation_failed", issues: parsed.error.issues }, 422);
  try {
    return json(injectDifference(name, parsed.data));
  } catch (error) {
    return json({ error: "not_found", message: (error as Error).message }, 404);
  }
}
