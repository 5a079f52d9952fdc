import { and, asc, desc, eq, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { accounts, commissionSlabs, type OperatorRow, operators } from "@/db/schema";
import { type Ctx, withTransaction } from "@/server/context";
import { NotFound, ValidationFailed } from "@/server/lib/errors";
import { randomToken } from "@/server/lib/ids";
import { formatAmount, parseAmount } from "@/server/lib/money";
import { describeAmountRule } from "@/server/catalog/amount-rule";
import { operatorDefFromRow } from "@/server/catalog/catalog";
import { amountRuleOf } from "@/server/catalog/detect";
import { parseInput, recordAudit, requireAdmin } from "./guard";
import { ListOperatorsInput, ListSlabsInput, SlabInput, UpdateOperatorInput, UpdateSlabInput } from "./schemas";

export { ListOperatorsInput, ListSlabsInput, SlabInput, UpdateOperatorInput, UpdateSlabInput };

const escapeLike = (s: string) => s.replace(/[%_\\]/g, "\\$&");


function amountOf(value: string, currency: string, field: string): bigint {
  const minor = parseAmount(value, currency);
  if (minor === null) throw ValidationFailed(`${field} has too many decimals for ${currency}.`, { [field]: "invalid amount" });
  return minor;
}

// ── Operators ────────────────────────────────────────────────────────────────────────────────────


export function operatorView(op: OperatorRow) {
  const m = (v: bigint) => formatAmount(v, op.currency);
  return {
    code: op.code,
    name: op.name,
    country: op.country,
    currency: op.currency,
    services: op.services,
    kind: op.kind,
    enabled: op.enabled,
    minAmount: m(op.minAmount),
    maxAmount: m(op.maxAmount),
    postpaidMaxAmount: op.postpaidMaxAmount === null ? null : m(op.postpaidMaxAmount),
    amountStep: op.amountStep === null ? null : m(op.amountStep),
    rule: describeAmountRule(amountRuleOf(operatorDefFromRow(op))),
    denominations: op.denominations?.map(m) ?? null,
    duplicateWindowSeconds: op.duplicateWindowSeconds,
    updatedAt: op.updatedAt,
  };
}

export async function listOperators(ctx: Ctx, raw: z.input<typeof ListOperatorsInput>) {
  requireAdmin(ctx);
  const input = parseInput(ListOperatorsInput, raw);
  const conditions: SQL[] = [];
  if (input.country) conditions.push(eq(operators.country, input.country));
  if (input.search) conditions.push(or(ilike(operators.code, `%${escapeLike(input.search)}%`), ilike(operators.name, `%${escapeLike(input.search)}%`))!);
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select()
      .from(operators)
      .where(and(...conditions))
      .orderBy(asc(operators.country), asc(operators.code))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(operators).where(and(...conditions)),
  ]);
  return { data: rows.map(operatorView), total: count?.n ?? 0, page: input.page, pageSize: input.pageSize };
}


/** Amount limits, fixed denominations, duplicate window, on/off. Checked together, audit-logged. */
export async function updateOperator(args: { ctx: Ctx; input: UpdateOperatorInput }) {
  requireAdmin(args.ctx);
  const input = parseInput(UpdateOperatorInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [op] = await tx.db.select().from(operators).where(eq(operators.code, input.code)).for("update");
    if (!op) throw NotFound("Operator");
    const cur = op.currency;
    const next = {
      enabled: input.enabled ?? op.enabled,
      minAmount: input.minAmount !== undefined ? amountOf(input.minAmount, cur, "minAmount") : op.minAmount,
      maxAmount: input.maxAmount !== undefined ? amountOf(input.maxAmount, cur, "maxAmount") : op.maxAmount,
      postpaidMaxAmount: input.postpaidMaxAmount === undefined ? op.postpaidMaxAmount : input.postpaidMaxAmount === null ? null : amountOf(input.postpaidMaxAmount, cur, "postpaidMaxAmount"),
      denominations: input.denominations === undefined ? op.denominations : input.denominations === null || input.denominations.length === 0 ? null : [...new Set(input.denominations.map((d) => amountOf(d, cur, "denominations")))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      duplicateWindowSeconds: input.duplicateWindowSeconds ?? op.duplicateWindowSeconds,
      amountStep: input.amountStep === undefined ? op.amountStep : input.amountStep === null ? null : amountOf(input.amountStep, cur, "amountStep"),
    };
    if (next.amountStep !== null && next.amountStep <= 0n) throw ValidationFailed("The step must be more than zero, or empty for any amount.", { amountStep: "must be positive" });
    if (next.amountStep !== null && next.minAmount % next.amountStep !== 0n) throw ValidationFailed("The minimum must be a multiple of the step.", { amountStep: "minimum not a multiple" });
    if (next.minAmount <= 0n) throw ValidationFailed("The minimum must be more than zero.", { minAmount: "must be positive" });
    if (next.maxAmount < next.minAmount) throw ValidationFailed("The maximum can't be below the minimum.", { maxAmount: "below minimum" });
    if (next.postpaidMaxAmount !== null && next.postpaidMaxAmount < next.minAmount) throw ValidationFailed("The postpaid maximum can't be below the minimum.", { postpaidMaxAmount: "below minimum" });
    const ceiling = next.postpaidMaxAmount !== null && next.postpaidMaxAmount > next.maxAmount ? next.postpaidMaxAmount : next.maxAmount;
    const outside = next.denominations?.find((d) => d < next.minAmount || d > ceiling);
    if (outside !== undefined) throw ValidationFailed(`The denomination ${formatAmount(outside, cur)} is outside the limits.`, { denominations: "outside limits" });

    const before = operatorView(op);
    const [updated] = await tx.db.update(operators).set({ ...next, updatedAt: new Date() }).where(eq(operators.code, op.code)).returning();
    const after = operatorView(updated);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["enabled", "minAmount", "maxAmount", "postpaidMaxAmount", "amountStep", "denominations", "duplicateWindowSeconds"] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
    }
    if (Object.keys(changes).length) await recordAudit(tx, { action: "operator.update", targetType: "operator", targetId: op.code, details: { changes } });
    return after;
  });
}

// ── Commission slabs ────────────────────────────────────────────────────────────────────────────


export async function listCommissionSlabs(ctx: Ctx, raw: z.input<typeof ListSlabsInput>) {
  requireAdmin(ctx);
  const input = parseInput(ListSlabsInput, raw);
  const conditions: SQL[] = [];
  if (input.operatorCode) conditions.push(eq(commissionSlabs.operatorCode, input.operatorCode));
  if (input.accountId) conditions.push(eq(commissionSlabs.accountId, input.accountId));
  if (input.scope === "default") conditions.push(isNull(commissionSlabs.accountId));
  if (input.scope === "account") conditions.push(sql`${commissionSlabs.accountId} IS NOT NULL`);
  const [rows, [count]] = await Promise.all([
    ctx.db
      .select({ slab: commissionSlabs, accountName: accounts.name, operatorName: operators.name })
      .from(commissionSlabs)
      .leftJoin(accounts, eq(accounts.id, commissionSlabs.accountId))
      .leftJoin(operators, eq(operators.code, commissionSlabs.operatorCode))
      .where(and(...conditions))
      .orderBy(asc(commissionSlabs.operatorCode), asc(commissionSlabs.minAmount), desc(commissionSlabs.createdAt))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(commissionSlabs).where(and(...conditions)),
  ]);
  return { data: rows.map((r) => slabView(r.slab, r.accountName, r.operatorName)), total: count?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

function slabView(s: typeof commissionSlabs.$inferSelect, accountName: string | null = null, operatorName: string | null = null) {
  const cur = s.currency ?? "BDT";
  return {
    id: s.id,
    operatorCode: s.operatorCode,
    operatorName,
    accountId: s.accountId,
    accountName,
    currency: s.currency,
    minAmount: formatAmount(s.minAmount, cur),
    maxAmount: s.maxAmount === null ? null : formatAmount(s.maxAmount, cur),
    rateBps: s.rateBps,
    flat: formatAmount(s.flat, cur),
    createdAt: s.createdAt,
  };
}


/** Resolves and checks a slab: its currency comes from the operator, or is named, or is the account's. */
async function slabValues(ctx: Ctx, input: z.output<typeof SlabInput>) {
  let currency = input.currency;
  if (input.operatorCode) {
    const [op] = await ctx.db.select({ currency: operators.currency }).from(operators).where(eq(operators.code, input.operatorCode));
    if (!op) throw ValidationFailed("No such operator.", { operatorCode: "unknown operator" });
    if (currency && currency !== op.currency) throw ValidationFailed(`${input.operatorCode} is priced in ${op.currency}.`, { currency: `must be ${op.currency}` });
    currency = op.currency;
  }
  if (input.accountId) {
    const [acct] = await ctx.db.select({ currency: accounts.currency }).from(accounts).where(eq(accounts.id, input.accountId));
    if (!acct) throw ValidationFailed("No such account.", { accountId: "unknown account" });
    currency ??= acct.currency;
  }
  if (!currency) throw ValidationFailed("Choose an operator or a currency, so the amounts mean something.", { currency: "required" });
  const minAmount = amountOf(input.minAmount, currency, "minAmount");
  const maxAmount = input.maxAmount === null ? null : amountOf(input.maxAmount, currency, "maxAmount");
  if (maxAmount !== null && maxAmount < minAmount) throw ValidationFailed("The maximum can't be below the minimum.", { maxAmount: "below minimum" });
  return { operatorCode: input.operatorCode, accountId: input.accountId, currency, minAmount, maxAmount, rateBps: input.rateBps, flat: amountOf(input.flat, currency, "flat") };
}

export async function createCommissionSlab(args: { ctx: Ctx; input: SlabInput }) {
  requireAdmin(args.ctx);
  const input = parseInput(SlabInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const values = await slabValues(tx, input);
    const [slab] = await tx.db.insert(commissionSlabs).values({ id: `slab_${randomToken(20)}`, ...values }).returning();
    const view = slabView(slab);
    await recordAudit(tx, { action: "commission.create", accountId: slab.accountId, targetType: "commission_slab", targetId: slab.id, details: { slab: view } });
    return view;
  });
}

export async function updateCommissionSlab(args: { ctx: Ctx; input: z.input<typeof UpdateSlabInput> }) {
  requireAdmin(args.ctx);
  const input = parseInput(UpdateSlabInput, args.input);
  return withTransaction(args.ctx, async (tx) => {
    const [before] = await tx.db.select().from(commissionSlabs).where(eq(commissionSlabs.id, input.id)).for("update");
    if (!before) throw NotFound("Commission slab");
    const values = await slabValues(tx, input);
    const [slab] = await tx.db.update(commissionSlabs).set(values).where(eq(commissionSlabs.id, input.id)).returning();
    const view = slabView(slab);
    await recordAudit(tx, { action: "commission.update", accountId: slab.accountId, targetType: "commission_slab", targetId: slab.id, details: { from: slabView(before), to: view } });
    return view;
  });
}

export async function deleteCommissionSlab(args: { ctx: Ctx; input: { id: string } }) {
  requireAdmin(args.ctx);
  return withTransaction(args.ctx, async (tx) => {
    const [slab] = await tx.db.delete(commissionSlabs).where(eq(commissionSlabs.id, args.input.id)).returning();
    if (!slab) throw NotFound("Commission slab");
    await recordAudit(tx, { action: "commission.delete", accountId: slab.accountId, targetType: "commission_slab", targetId: slab.id, details: { slab: slabView(slab) } });
    return { id: slab.id };
  });
}
