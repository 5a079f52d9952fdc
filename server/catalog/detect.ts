// Which operator serves a number, from what we know about it. Pure: the caller loads the facts
// (catalog.ts does it from the database) so precedence can be tested without one.

import { AppError } from "@/server/lib/errors";
import { type AmountCheck, type AmountRule, amountRuleDetails, amountRuleMessage, checkAmount } from "./amount-rule";
import type { ParsedPhone } from "./numbers";
import { type AccountType, ALL_OPERATORS, type Country, getOperator, type OperatorDef, PREFIX_CONFIDENCE } from "./operators";

export type DetectionContext = {
  /** Admin-entered truth for ported numbers (e164 → operator code). */
  overrides: Map<string, string>;
  /** Operators that answered "not our subscriber" for a number (e164 → codes). */
  rejections: Map<string, Set<string>>;
  /** The operator that last served a number successfully (e164 → code). */
  learned?: Map<string, string>;
  /** The live catalog (the operators table); the built-in one when omitted. */
  operators?: readonly OperatorDef[];
};

export type DetectionSource = "portability" | "learned" | "prefix";

export type Detection = {
  country: Country;
  operator: string | null;
  source: DetectionSource | null;
  confidence: number;
  /** Operators this number may belong to, the chosen one first; never one that rejected it. */
  candidates: string[];
};

const PORTABILITY_CONFIDENCE = 1;
const LEARNED_CONFIDENCE = 0.9;

function mobileOperatorsOf(country: Country, operators: readonly OperatorDef[]): OperatorDef[] {
  return operators.filter((op) => op.country === country && op.services.includes("mobile"));
}

/**
 * Operators whose longest prefix matching the number is the longest of all: a more specific series
 * ("1349") beats a general one ("134"), and equal ones (GP and Skitto both own "17") tie, kept in
 * catalog order.
 */
export function prefixMatches(phone: Pick<ParsedPhone, "country" | "nsn">, operators: readonly OperatorDef[] = ALL_OPERATORS): OperatorDef[] {
  let best = 0;
  let matches: OperatorDef[] = [];
  for (const op of mobileOperatorsOf(phone.country, operators)) {
    const length = Math.max(0, ...op.prefixes.filter((p) => phone.nsn.startsWith(p)).map((p) => p.length));
    if (length === 0) continue;
    if (length > best) {
      best = length;
      matches = [op];
    } else if (length === best) {
      matches.push(op);
    }
  }
  return matches;
}

export function detectOperator(phone: ParsedPhone, ctx: DetectionContext): Detection {
  const operators = ctx.operators ?? ALL_OPERATORS;
  const mobile = mobileOperatorsOf(phone.country, operators);
  // A stale row naming an operator of another country (or a biller) must not steer a recharge.
  const usable = (code: string | undefined): code is string => !!code && mobile.some((op) => op.code === code);
  const rejected = ctx.rejections.get(phone.e164) ?? new Set<string>();

  const byPrefix = prefixMatches(phone, operators).map((op) => op.code);
  // In India every mobile operator stays possible whatever the series, because of MNP.
  const possible = phone.country === "IN" ? [...byPrefix, ...mobile.map((op) => op.code)] : byPrefix;
  const candidatesWith = (first: string | null) =>
    [...new Set([...(first ? [first] : []), ...possible])].filter((code) => code === first || !rejected.has(code));

  // An override is an admin's statement about this very number, so it stands even over a rejection.
  const override = ctx.overrides.get(phone.e164);
  if (usable(override)) {
    return { country: phone.country, operator: override, source: "portability", confidence: PORTABILITY_CONFIDENCE, candidates: candidatesWith(override) };
  }

  const learned = ctx.learned?.get(phone.e164);
  if (usable(learned) && !rejected.has(learned)) {
    return { country: phone.country, operator: learned, source: "learned", confidence: LEARNED_CONFIDENCE, candidates: candidatesWith(learned) };
  }

  const fromPrefix = byPrefix.find((code) => !rejected.has(code)) ?? null;
  if (fromPrefix) {
    return { country: phone.country, operator: fromPrefix, source: "prefix", confidence: PREFIX_CONFIDENCE[phone.country], candidates: candidatesWith(fromPrefix) };
  }
  return { country: phone.country, operator: null, source: null, confidence: 0, candidates: candidatesWith(null) };
}

function resolve(operator: string | OperatorDef): OperatorDef | undefined {
  return typeof operator === "string" ? getOperator(operator) : operator;
}

/**
 * Whether a merchant may recharge this number as this operator (else `operator_number_mismatch`,
 * seed 002's "Invalid operator number for this recharge."). BD and CN: the number's prefix must be
 * the operator's. IN: any Indian mobile operator, since MNP makes the series meaningless. With a
 * context, a portability override or a past success for this number also counts, so a ported BD
 * number can be recharged on its new operator.
 */
export function numberMatchesOperator(
  phone: Pick<ParsedPhone, "country" | "nsn" | "e164">,
  operator: string | OperatorDef,
  ctx?: Pick<DetectionContext, "overrides" | "learned">,
): boolean {
  const op = resolve(operator);
  if (!op || op.country !== phone.country || !op.services.includes("mobile")) return false;
  if (ctx?.overrides.get(phone.e164) === op.code || ctx?.learned?.get(phone.e164) === op.code) return true;
  if (phone.country === "IN") return true;
  return op.prefixes.some((prefix) => phone.nsn.startsWith(prefix));
}

/** Whether a DTH/bill account number has the operator's shape; operators without a pattern take any. */
export function accountMatchesOperator(operator: string | OperatorDef, account: string): boolean {
  const op = resolve(operator);
  if (!op) return false;
  const value = account.trim();
  if (!value) return false;
  if (!op.accountPattern) return true;
  try {
    return new RegExp(op.accountPattern).test(value);
  } catch {
    // An admin saved a broken pattern: refuse rather than let every account through.
    return false;
  }
}

export type { AmountCheck };

/** The amount rule of an operator for this account type (postpaid bill payments may go higher). */
export function amountRuleOf(op: OperatorDef, accountType: AccountType = "prepaid"): AmountRule {
  return {
    name: op.name,
    currency: op.currency,
    min: op.minAmount,
    max: accountType === "postpaid" ? (op.postpaidMaxAmount ?? op.maxAmount) : op.maxAmount,
    step: op.amountStep ?? null,
    denominations: op.denominations,
  };
}

/** Amount in minor units of the operator's currency, checked against its limits for this account type. */
export function validateAmount(op: OperatorDef, amount: bigint, accountType: AccountType = "prepaid"): AmountCheck {
  return checkAmount(amountRuleOf(op, accountType), amount);
}

/** The `invalid_amount` error for an amount the operator refuses (null when it is fine): it states the rule. */
export function amountError(op: OperatorDef, amount: bigint, accountType: AccountType = "prepaid"): AppError | null {
  const rule = amountRuleOf(op, accountType);
  const check = checkAmount(rule, amount);
  if (check.ok) return null;
  return new AppError("invalid_amount", amountRuleMessage(rule, check, amount), amountRuleDetails(rule, check));
}
