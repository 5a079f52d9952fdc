import { amountRuleMessage, checkAmount } from "@/server/catalog/amount-rule";
import { parseAmount } from "@/server/lib/money";

export type OperatorInfo = { code: string; name: string; min: string; max: string; step: string | null; denominations: string[] | null; rule: string; quick_amounts: string[] };

/** The operator's rule checked here exactly as the server checks it, in the same words. */
export function amountProblem(text: string, info: OperatorInfo | undefined, currency: string, emptyMessage = "Choose a plan or enter an amount."): string | null {
  if (!text) return emptyMessage;
  const minor = currency ? parseAmount(text, currency) : null;
  if (minor === null) return info ? `Enter the amount in ${currency} as digits, e.g. ${info.quick_amounts[0]?.replace(/\.00$/, "") ?? "50"}. ${info.rule}` : "Enter the amount as digits, e.g. 50.";
  if (!info) return minor > 0n ? null : "Enter an amount above 0.";
  const rule = {
    name: info.name,
    currency,
    min: parseAmount(info.min, currency) ?? 0n,
    max: parseAmount(info.max, currency) ?? 0n,
    step: info.step ? parseAmount(info.step, currency) : null,
    denominations: info.denominations?.map((d) => parseAmount(d, currency) ?? 0n) ?? null,
  };
  const check = checkAmount(rule, minor);
  return check.ok ? null : amountRuleMessage(rule, check, minor);
}

