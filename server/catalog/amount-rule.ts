// An operator's amount rule (min, max, step, fixed denominations) and the one sentence that states
// it. Pure and free of server imports: the recharge form checks the same rule before Confirm that
// createRecharge enforces, and both say it in the same words.

import { decimalsOf, formatAmount } from "@/server/lib/money";

export type AmountRule = {
  name: string;
  currency: string;
  min: bigint;
  max: bigint;
  /** Amounts must be a multiple of this (minor units); null or 1 minor unit: any amount. */
  step: bigint | null;
  denominations: bigint[] | null;
};

export type AmountRuleFailure = "not_positive" | "below_minimum" | "above_maximum" | "not_a_denomination" | "not_a_multiple_of_step";

export type AmountCheck =
  | { ok: true }
  | { ok: false; reason: AmountRuleFailure; min: bigint; max: bigint; denominations: bigint[] | null; step: bigint | null };

export function checkAmount(rule: Omit<AmountRule, "name" | "currency">, amount: bigint): AmountCheck {
  const denominations = rule.denominations && rule.denominations.length > 0 ? [...rule.denominations] : null;
  const step = rule.step && rule.step > 1n ? rule.step : null;
  const fail = (reason: AmountRuleFailure): AmountCheck => ({ ok: false, reason, min: rule.min, max: rule.max, denominations, step });
  if (amount <= 0n) return fail("not_positive");
  if (amount < rule.min) return fail("below_minimum");
  if (amount > rule.max) return fail("above_maximum");
  if (denominations && !denominations.includes(amount)) return fail("not_a_denomination");
  if (step && amount % step !== 0n) return fail("not_a_multiple_of_step");
  return { ok: true };
}

/** "1.00" → "1", "0.50" stays: whole amounts are written the way people say them. */
function plain(minor: bigint, currency: string): string {
  return formatAmount(minor, currency).replace(/\.0+$/, "");
}

/** "whole taka" for a step of exactly one major unit, else "multiples of 5". */
function stepWords(step: bigint, currency: string): string {
  return step === 10n ** BigInt(decimalsOf(currency)) ? `whole ${currency} amounts (no decimals)` : `multiples of ${plain(step, currency)} ${currency}`;
}

/** The rule in one sentence: "Grameenphone takes 10–1000 BDT, in whole BDT amounts (no decimals)." */
export function describeAmountRule(rule: AmountRule): string {
  const { name, currency } = rule;
  if (rule.denominations && rule.denominations.length > 0) {
    return `${name} sells only these amounts: ${rule.denominations.map((d) => plain(d, currency)).join(", ")} ${currency}.`;
  }
  const step = rule.step && rule.step > 1n ? rule.step : null;
  return `${name} takes ${plain(rule.min, currency)}–${plain(rule.max, currency)} ${currency}${step ? `, in ${stepWords(step, currency)}` : ""}.`;
}

/** What to tell someone whose amount broke the rule: the rule itself, and the nearest amounts it allows. */
export function amountRuleMessage(rule: AmountRule, check: Extract<AmountCheck, { ok: false }>, amount: bigint): string {
  const sentence = describeAmountRule(rule);
  if (check.reason === "not_positive") return `Enter an amount above 0. ${sentence}`;
  if (check.reason === "not_a_multiple_of_step" && check.step) {
    const below = (amount / check.step) * check.step;
    const options = [below, below + check.step].filter((v) => v >= rule.min && v <= rule.max).map((v) => plain(v, rule.currency));
    return `${sentence}${options.length ? ` Try ${options.join(" or ")}.` : ""}`;
  }
  return sentence;
}

/** The `details` of an `invalid_amount` error (API.md §1): the rule as decimal strings. */
export function amountRuleDetails(rule: AmountRule, check: Extract<AmountCheck, { ok: false }>) {
  return {
    reason: check.reason,
    min: formatAmount(check.min, rule.currency),
    max: formatAmount(check.max, rule.currency),
    step: check.step ? formatAmount(check.step, rule.currency) : null,
    denominations: check.denominations?.map((d) => formatAmount(d, rule.currency)) ?? null,
  };
}
