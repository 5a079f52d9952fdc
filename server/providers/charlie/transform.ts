// charlie payloads → our types. Pure: every function takes the HTTP status and raw body text.
// Answers are `result=<code>&msg=…&…`; the numeric code carries all meaning, HTTP is always 200.
import type { Bill, FailureCode, Plan, ProviderResult, ProviderStatement, StatementRow } from "@/server/providers/types";

const FAILURE_CODES: Record<string, FailureCode> = {
  "1001": "invalid_number",
  "1002": "operator_mismatch",
  "1003": "invalid_amount",
  "2001": "provider_balance",
  "3001": "rejected",
  // Rejected before processing: bad sign / unknown merchant / missing field are our side's config,
  // busy/maintenance is theirs. Either way nothing was performed.
  "4001": "provider_down",
  "4002": "provider_down",
  "4003": "rejected",
  "9001": "provider_down",
};

type Form = Record<string, string>;

/** null when the text isn't a form answer with a numeric `result`. */
export function parseForm(text: string): Form | null {
  if (!/^[^=&\s]+=/.test(text.trim())) return null;
  const form = Object.fromEntries(new URLSearchParams(text.trim()));
  return /^\d+$/.test(form.result ?? "") ? form : null;
}

function failed(code: string, msg: string | undefined): ProviderResult {
  return { kind: "failed", code: FAILURE_CODES[code] ?? "rejected", providerCode: code, message: msg || `result ${code}` };
}

export function toSubmitResult(httpStatus: number, text: string): ProviderResult {
  const form = httpStatus === 200 ? parseForm(text) : null;
  if (!form) return { kind: "unknown", reason: `unparseable answer (HTTP ${httpStatus})` };
  const { result, sysorderid, opid } = form;
  switch (result) {
    case "0":
      if (!sysorderid || !opid) return { kind: "unknown", reason: "result=0 without sysorderid/opid" };
      return { kind: "succeeded", providerRef: sysorderid, operatorTransactionId: opid };
    case "1":
    case "3": // a repeated order id that has since been reversed: status checks will say so
      return sysorderid ? { kind: "pending", providerRef: sysorderid } : { kind: "unknown", reason: `result=${result} without sysorderid` };
    default:
      // Only documented rejection codes are definite; anything else (e.g. 9999) may have been processed.
      return FAILURE_CODES[result] ? failed(result, form.msg) : { kind: "unknown", reason: `result=${result} ${form.msg ?? ""}`.trim() };
  }
}

export function toStatusResult(httpStatus: number, text: string): ProviderResult {
  const form = httpStatus === 200 ? parseForm(text) : null;
  if (!form) return { kind: "unknown", reason: `unparseable status answer (HTTP ${httpStatus})` };
  const { result, sysorderid, opid } = form;
  switch (result) {
    case "0":
      if (!sysorderid || !opid) return { kind: "unknown", reason: "result=0 without sysorderid/opid" };
      return { kind: "succeeded", providerRef: sysorderid, operatorTransactionId: opid };
    case "1":
      return sysorderid ? { kind: "pending", providerRef: sysorderid } : { kind: "unknown", reason: "result=1 without sysorderid" };
    case "2":
      return failed(form.errcode ?? "2", form.errmsg || form.msg);
    case "3":
      return sysorderid ? { kind: "reversed", providerRef: sysorderid, message: form.msg || "reversed" } : { kind: "unknown", reason: "result=3 without sysorderid" };
    case "4004":
      return { kind: "not_found" };
    default:
      // Busy, bad sign, …: the query failed, which says nothing about the order.
      return { kind: "unknown", reason: `status query answered result=${result} ${form.msg ?? ""}`.trim() };
  }
}

export function toPlans(operator: string, httpStatus: number, text: string): Plan[] | null {
  const form = httpStatus === 200 ? parseForm(text) : null;
  if (!form || form.result !== "0") return null;
  const count = Number.parseInt(form.count ?? "0", 10);
  const plans: Plan[] = [];
  for (let i = 0; i < count; i++) {
    if (!form[`id${i}`] || !form[`price${i}`]) return null;
    plans.push({
      id: form[`id${i}`],
      operator,
      amount: form[`price${i}`],
      validity: form[`validity${i}`] ?? "",
      description: form[`desc${i}`] ?? "",
      category: form[`type${i}`] ?? "general",
    });
  }
  return plans;
}

/** `undefined` = unusable answer; `null` = the provider says there is no such bill. */
export function toBill(httpStatus: number, text: string): Bill | null | undefined {
  const form = httpStatus === 200 ? parseForm(text) : null;
  if (!form) return undefined;
  if (form.result === "4004") return null;
  const due = /^(\d{4})(\d{2})(\d{2})$/.exec(form.duedate ?? "");
  if (form.result !== "0" || !form.name || !form.amount || !due) return undefined;
  return {
    biller: form.biller ?? "",
    account: form.account ?? "",
    customerName: form.name,
    amountDue: form.amount,
    dueDate: `${due[1]}-${due[2]}-${due[3]}`,
    billNumber: form.billno ?? "",
  };
}

export function toBalance(httpStatus: number, text: string): { currency: string; amount: string } | null {
  const form = httpStatus === 200 ? parseForm(text) : null;
  return form?.result === "0" && form.balance ? { currency: form.currency || "USD", amount: form.balance } : null;
}

export function toHealth(httpStatus: number, text: string): boolean {
  return httpStatus === 200 && parseForm(text)?.result === "0";
}

const CHARLIE_STATEMENT_STATUS: Record<string, StatementRow["status"]> = { "0": "succeeded", "1": "pending", "2": "failed", "3": "reversed" };
const isoOf = (v: string | undefined) => {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v ?? "");
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
};

/** `count` orders as indexed fields: orderid0, sysorderid0, state0, amount0, currency0, cost0, debit0, time0, … */
export function toStatement(httpStatus: number, text: string): ProviderStatement | null {
  const form = httpStatus === 200 ? parseForm(text) : null;
  if (!form || form.result !== "0" || !/^\d+$/.test(form.count ?? "") || !form.opening || !form.closing) return null;
  const rows: ProviderStatement["rows"] = [];
  for (let i = 0; i < Number(form.count); i++) {
    const status = CHARLIE_STATEMENT_STATUS[form[`state${i}`] ?? ""];
    const at = isoOf(form[`time${i}`]);
    if (!status || !at || !form[`orderid${i}`] || !form[`amount${i}`] || !form[`debit${i}`]) return null;
    rows.push({
      orderId: form[`orderid${i}`],
      providerRef: form[`sysorderid${i}`] || null,
      status,
      amount: form[`amount${i}`],
      currency: form[`currency${i}`] ?? "",
      cost: form[`cost${i}`] || null,
      floatDebit: form[`debit${i}`],
      at,
    });
  }
  return { from: "", to: "", floatCurrency: form.currency || "USD", openingBalance: form.opening, closingBalance: form.closing, rows };
}
