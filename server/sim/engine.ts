// The behaviour all three simulators share: which script an order follows, how it advances on each
// status check, and the float. Each simulator only dresses this up in its own wire format.
import { randomInt } from "node:crypto";
import { parseAmount } from "@/server/lib/money";
import { CURRENCY_OF_COUNTRY } from "@/server/sim/catalog";
import {
  findOrder,
  getControl,
  nextSeq,
  saveControl,
  saveOrder,
  type Scenario,
  type SimFailureCode,
  type SimName,
  type SimOrder,
} from "@/server/sim/state";

export type SimSubmitInput = {
  orderId: string;
  operator: string;
  country: string;
  service: string;
  target: string;
  amount: string;
  currency: string | null;
  accountType: string;
  biller: string | null;
};

/** API.md §7: the last three digits of the subscriber number pick the outcome. */
export function scenarioFor(target: string): Scenario {
  switch (target.slice(-3)) {
    case "001":
      return "fail";
    case "002":
      return "pending_then_success";
    case "003":
      return "pending_then_fail";
    case "004":
      return "hang";
    case "005":
      return "reversed";
    default:
      return "success";
  }
}

const MESSAGES: Record<SimFailureCode, string> = {
  invalid_number: "Invalid subscriber number",
  operator_mismatch: "Number does not belong to operator",
  invalid_amount: "Invalid amount",
  insufficient_balance: "Insufficient merchant balance",
  rejected: "Rejected by operator",
};

// Rough rates so one USD float can be drawn down by orders in any currency.
const USD_CENTS_PER_UNIT: Record<string, [num: bigint, den: bigint]> = { BDT: [1n, 120n], INR: [1n, 84n], CNY: [10n, 72n] };

export function toUsdCents(minor: bigint, currency: string): bigint {
  const [num, den] = USD_CENTS_PER_UNIT[currency] ?? [1n, 100n];
  return (minor * num) / den;
}

function validate(input: SimSubmitInput, currency: string): { failure: SimFailureCode | null; minor: bigint } {
  const target = input.target.trim();
  const targetOk = input.service === "mobile" ? /^\+?\d{6,15}$/.test(target) : /^[A-Za-z0-9-]{4,24}$/.test(target);
  if (!targetOk) return { failure: "invalid_number", minor: 0n };
  let minor: bigint | null = null;
  try {
    minor = parseAmount(input.amount, currency);
  } catch {
    minor = null; // unknown currency
  }
  if (minor === null || minor <= 0n || minor > 10_000_000n) return { failure: "invalid_amount", minor: 0n };
  return { failure: null, minor };
}

export type SubmitOutcome = {
  order: SimOrder;
  /** True when this order id was seen before: nothing was performed this time. */
  existing: boolean;
  /** The simulator should hold its answer until the client gives up (scenario 004). */
  hang: boolean;
};

/**
 * Records (and "performs") an order. `async` simulators accept everything into pending; synchronous
 * ones settle what they can immediately. A repeated order id returns the stored order untouched.
 */
export function submitOrder(
  name: SimName,
  input: SimSubmitInput,
  opts: { async: boolean; refPrefix: string; /** The client hung up before we took the order. */ clientGone?: boolean },
): SubmitOutcome {
  const existing = findOrder(name, { orderId: input.orderId });
  if (existing) return { order: existing, existing: true, hang: false };

  const currency = input.currency || CURRENCY_OF_COUNTRY[input.country] || "BDT";
  const now = new Date().toISOString();
  const scenario = scenarioFor(input.target.trim());
  const order: SimOrder = {
    ref: `${opts.refPrefix}${Date.now().toString().slice(-8)}${String(nextSeq()).padStart(5, "0")}`,
    orderId: input.orderId,
    operator: input.operator,
    country: input.country,
    service: input.service,
    target: input.target.trim(),
    amount: input.amount,
    currency,
    accountType: input.accountType,
    biller: input.biller,
    scenario,
    state: "pending",
    failure: null,
    operatorTxnId: null,
    statusChecks: 0,
    chargedUsdCents: 0n,
    createdAt: now,
    updatedAt: now,
    visibleAt: null,
  };

  const control = getControl(name);
  const { failure, minor } = validate(input, currency);
  const cost = toUsdCents(minor, currency);
  const reason: SimFailureCode | null =
    failure ??
    (scenario === "fail" ? "invalid_number" : null) ??
    (Math.random() < control.failRate ? "rejected" : null) ??
    (cost > control.floatUsdCents ? "insufficient_balance" : null);

  if (reason) {
    order.state = "failed";
    order.failure = { code: reason, message: MESSAGES[reason] };
  } else {
    control.floatUsdCents -= cost;
    order.chargedUsdCents = cost;
    saveControl(name);
    const settlesNow = !opts.async && (scenario === "success" || scenario === "reversed" || scenario === "hang");
    if (settlesNow) settle(order);
  }
  const hang = scenario === "hang" && !reason;
  // Its answer will never reach the client: like a slow real provider, it shows up in status checks late.
  if ((hang || opts.clientGone) && control.timeoutVisibleAfterMs > 0) {
    order.visibleAt = new Date(Date.now() + control.timeoutVisibleAfterMs).toISOString();
  }
  saveOrder(name, order);
  return { order, existing: false, hang };
}

function settle(order: SimOrder) {
  order.state = "succeeded";
  order.operatorTxnId ??= `${order.operator.replace(/[^A-Za-z]/g, "").slice(0, 3).toUpperCase() || "OP"}${randomInt(10 ** 9, 10 ** 10 - 1)}`;
}

function refund(name: SimName, order: SimOrder) {
  getControl(name).floatUsdCents += order.chargedUsdCents;
  order.chargedUsdCents = 0n;
  saveControl(name);
}

/** One status check: advances the order's script by one step, then reports it. */
export function checkOrder(name: SimName, key: { orderId?: string | null; ref?: string | null }): SimOrder | undefined {
  const order = findOrder(name, key);
  if (!order) return undefined;
  if (order.visibleAt && Date.parse(order.visibleAt) > Date.now()) return undefined;
  order.statusChecks += 1;
  const checks = order.statusChecks;
  const before = order.state;

  if (order.state === "pending") {
    switch (order.scenario) {
      case "pending_then_success":
        if (checks >= 2) settle(order);
        break;
      case "pending_then_fail":
        if (checks >= 2) {
          order.state = "failed";
          order.failure = { code: "rejected", message: MESSAGES.rejected };
          refund(name, order);
        }
        break;
      default:
        // success / hang / reversed on an async simulator: done by the first look.
        settle(order);
    }
  } else if (order.state === "succeeded" && order.scenario === "reversed") {
    // Only reached on a check after the one that reported success (synchronous simulators report it
    // at submit), so every client sees the success before the reversal.
    order.state = "reversed";
    refund(name, order);
  }
  if (order.state !== before) order.updatedAt = new Date().toISOString();
  saveOrder(name, order);
  return order;
}
