import { z } from "zod";
import { getAccount } from "@/server/accounts/accounts";
import { detectNumber, listOperatorRows } from "@/server/catalog/catalog";
import { parsePhone } from "@/server/catalog/numbers";
import { type Country, CURRENCY_OF, type OperatorDef } from "@/server/catalog/operators";
import { fetchBill, getPlans } from "@/server/catalog/plans";
import { listMyComplaints, ListComplaintsInput, raiseComplaint, RaiseComplaintInput } from "@/server/complaints/complaints";
import type { Ctx } from "@/server/context";
import { rechargeCreated } from "@/server/jobs/notify";
import { amountRuleOf } from "@/server/catalog/detect";
import { checkAmount, describeAmountRule } from "@/server/catalog/amount-rule";
import { operatorDefFromRow } from "@/server/catalog/catalog";
import { getAccountWallet } from "@/server/ledger";
import { AppError } from "@/server/lib/errors";
import { formatAmount, parseAmount } from "@/server/lib/money";
import { commissionFor } from "@/server/recharge/commission";
import { getBulkBatch, listBulkBatches, SubmitBulkInput, submitBulk, ValidateBulkInput, validateBulk } from "@/server/recharge/bulk";
import { createRecharge } from "@/server/recharge/create";
import { findBillPayment, findLastRecharge, getRecharge, ListRechargesInput, listRecharges, notePlan, planOf } from "@/server/recharge/manage";
import { CreateRechargeInput } from "@/server/recharge/schemas";
import { publicStatus, rechargeObject } from "@/server/recharge/view";
import { accountProcedure, router } from "../init";

const COUNTRY_OF_CURRENCY = Object.fromEntries(Object.entries(CURRENCY_OF).map(([country, currency]) => [currency, country])) as Record<string, Country>;

async function accountOf(ctx: Ctx, accountId: string) {
  const account = await getAccount(ctx, accountId);
  return { account, country: COUNTRY_OF_CURRENCY[account.currency] as Country | undefined };
}

export const OperatorsInput = z.object({ service: z.enum(["mobile", "dth", "bill"]).default("mobile") });

/** Filters of the history page; `search` is any part of a phone/account number or an order reference. */
export const HistoryInput = ListRechargesInput.pick({ status: true, operator: true, from: true, to: true, cursor: true, limit: true, search: true });

// The top-ups shops sell most, per currency; an operator's fixed amounts replace them.
const POPULAR: Record<string, number[]> = { BDT: [20, 50, 100, 200, 500], INR: [99, 199, 299, 499, 999], CNY: [30, 50, 100, 200] };

/** Amounts offered as one-tap buttons: the operator's own denominations, else the popular ones it accepts. */
function quickAmounts(op: OperatorDef): string[] {
  const rule = amountRuleOf(op);
  const candidates = op.denominations?.length ? op.denominations.slice(0, 6) : (POPULAR[op.currency] ?? []).map((n) => BigInt(n) * 100n);
  return candidates.filter((v) => checkAmount(rule, v).ok).map((v) => formatAmount(v, op.currency));
}

const read = accountProcedure("recharges.read");
const write = accountProcedure("recharges.write");

export const retailRouter = router({
  /** Operators or billers this account can pay (its wallet's currency decides the country). */
  operators: read.input(OperatorsInput).query(async ({ ctx, input }) => {
    const { account, country } = await accountOf(ctx.app, ctx.accountId);
    if (!country) return { currency: account.currency, operators: [] };
    const rows = await listOperatorRows(ctx.app.db, { country, service: input.service, enabledOnly: true });
    return {
      currency: account.currency,
      operators: rows.map((op) => ({
        code: op.code,
        name: op.name,
        kind: op.kind,
        min: formatAmount(op.minAmount, op.currency),
        // Bills are paid as postpaid: their ceiling is the postpaid one.
        max: formatAmount(input.service === "bill" ? (op.postpaidMaxAmount ?? op.maxAmount) : op.maxAmount, op.currency),
        step: op.amountStep ? formatAmount(op.amountStep, op.currency) : null,
        denominations: op.denominations?.map((d) => formatAmount(d, op.currency)) ?? null,
        /** The amount rule in words, as the server's invalid_amount error says it. */
        rule: describeAmountRule(amountRuleOf(operatorDefFromRow(op), input.service === "bill" ? "postpaid" : "prepaid")),
        quick_amounts: quickAmounts(operatorDefFromRow(op)),
        account_label: op.accountLabel,
        account_pattern: op.accountPattern,
      })),
    };
  }),

  /** The operator of a typed number, with how sure we are and the alternatives. */
  detect: read.input(z.object({ phone: z.string().max(32) })).query(async ({ ctx, input }) => {
    const { country } = await accountOf(ctx.app, ctx.accountId);
    const result = await detectNumber(ctx.app.db, input.phone, country);
    if (!result.ok) return { ok: false as const, reason: result.reason };
    const names = new Map((result.context.operators ?? []).map((op) => [op.code, op.name]));
    const { detection, phone } = result;
    return {
      ok: true as const,
      phone: { national: phone.national, e164: phone.e164, country: phone.country },
      same_country: phone.country === country,
      operator: detection.operator,
      source: detection.source,
      confidence: detection.confidence,
      candidates: detection.candidates.map((code) => ({ code, name: names.get(code) ?? code })),
    };
  }),

  plans: read.input(z.object({ operator: z.string().min(1).max(40) })).query(({ ctx, input }) => getPlans(ctx.app.db, { operator: input.operator })),

  /** The bill due, or the payment this shop already made for it this cycle (a paid bill shows as paid). */
  bill: read.input(z.object({ biller: z.string().min(1).max(40), account: z.string().trim().min(1, "Enter the account number.").max(40) })).query(async ({ ctx, input }) => {
    const bill = await fetchBill(ctx.app.db, input);
    const paid = await findBillPayment(ctx.app, { accountId: ctx.accountId, biller: input.biller, account: bill.account });
    return { ...bill, paid: paid ? { id: paid.id, amount: formatAmount(paid.amount, paid.currency), status: publicStatus(paid.status), at: paid.createdAt.toISOString() } : null };
  }),

  /**
   * What Confirm will cost: the amount held now, the commission earned back on success, the net
   * cost, and whether the available balance covers it (so a low balance is said before Confirm).
   */
  quote: read.input(z.object({ operator: z.string().min(1).max(40), amount: z.string().trim().min(1).max(20) })).query(async ({ ctx, input }) => {
    const { account } = await accountOf(ctx.app, ctx.accountId);
    const amount = parseAmount(input.amount, account.currency);
    if (amount === null || amount <= 0n) throw new AppError("invalid_amount", "Enter an amount like 50.", { amount: input.amount });
    const [commission, wallet] = await Promise.all([commissionFor(ctx.app.db, { accountId: ctx.accountId, operator: input.operator, currency: account.currency, amount }), getAccountWallet(ctx.app.db, ctx.accountId)]);
    const money = (v: bigint) => formatAmount(v, account.currency);
    return { currency: account.currency, amount: money(amount), commission: money(commission), cost: money(amount - commission), available: money(wallet.available), enough: wallet.available >= amount, short_by: wallet.available >= amount ? null : money(amount - wallet.available) };
  }),

  /** The last order to this number or account: its operator, amount and pack, to offer them again. */
  last: read.input(z.object({ target: z.string().trim().min(1).max(40) })).query(async ({ ctx, input }) => {
    const { country } = await accountOf(ctx.app, ctx.accountId);
    const phone = parsePhone(input.target, country);
    const r = await findLastRecharge(ctx.app, { accountId: ctx.accountId, target: phone.ok ? phone.national : input.target.replace(/\s+/g, "") });
    return r ? { id: r.id, operator: r.operator, amount: formatAmount(r.amount, r.currency), plan: planOf(r), status: publicStatus(r.status), at: r.createdAt.toISOString() } : null;
  }),

  /**
   * Places a web order and waits for the provider's first answer (the status card then polls until
   * final). The client sends one reference per confirmation, so a double submit is the same order.
   */
  create: write
    .input(CreateRechargeInput)
    .input(z.object({ plan_id: z.string().trim().min(1).max(80).optional() }))
    .mutation(async ({ ctx, input }) => {
    const { plan_id, ...order } = input;
    const result = await createRecharge({ ctx: ctx.app, input: { ...order, notify_url: undefined, validate_only: false }, options: { channel: "web" } });
    if (result.kind === "validated") throw new Error("unreachable: validate_only is off");
    if (result.kind === "created") {
      if (plan_id) await notePlan(ctx.app, result.recharge.id, plan_id);
      await rechargeCreated(result.recharge.id);
    }
    return { kind: result.kind, recharge: rechargeObject(await getRecharge(ctx.app, result.recharge.id)) };
  }),

  recharge: read.input(z.object({ id: z.string().min(1).max(64) })).query(async ({ ctx, input }) => rechargeObject(await getRecharge(ctx.app, input.id))),

  /** What the printed receipt shows: the order and the shop that made it. */
  receipt: read.input(z.object({ id: z.string().min(1).max(64) })).query(async ({ ctx, input }) => {
    const row = await getRecharge(ctx.app, input.id);
    const r = rechargeObject(row);
    const { account, country } = await accountOf(ctx.app, ctx.accountId);
    const rows = country ? await listOperatorRows(ctx.app.db, { country }) : [];
    return { recharge: r, plan: planOf(row), shop: { name: account.name, email: account.email }, operator_name: rows.find((op) => op.code === r.operator)?.name ?? r.operator };
  }),

  history: read.input(HistoryInput).query(async ({ ctx, input }) => {
    const page = await listRecharges(ctx.app, input);
    return { data: page.data.map(rechargeObject), nextCursor: page.nextCursor };
  }),

  complaints: router({
    raise: accountProcedure("complaints.write").input(RaiseComplaintInput).mutation(({ ctx, input }) => raiseComplaint({ ctx: ctx.app, input })),
    mine: read.input(ListComplaintsInput).query(({ ctx, input }) => listMyComplaints({ ctx: ctx.app, input })),
  }),

  bulk: router({
    validate: write.input(ValidateBulkInput).mutation(({ ctx, input }) => validateBulk({ ctx: ctx.app, input })),
    submit: write.input(SubmitBulkInput).mutation(({ ctx, input }) => submitBulk({ ctx: ctx.app, input })),
    batch: read.input(z.object({ batchId: z.string().min(1).max(40) })).query(({ ctx, input }) => getBulkBatch({ ctx: ctx.app, input })),
    batches: read.query(({ ctx }) => listBulkBatches({ ctx: ctx.app })),
  }),
});
