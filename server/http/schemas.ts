// Zod schemas of the public API: they validate requests and build the OpenAPI document.
import { z } from "zod";
import "@/server/lib/plain-errors";
import { CreateDepositInput } from "@/server/deposits/create";
import { ListDepositsQuery } from "@/server/deposits/view";
import { CreateRechargeInput } from "@/server/recharge/schemas";
import { MOVEMENT_TYPES, StatementQuery } from "@/server/statements/movements";

export { CreateDepositInput, CreateRechargeInput, ListDepositsQuery, StatementQuery };

const Country = z.enum(["BD", "IN", "CN"]);
export const OperatorsQuery = z.object({ country: Country.optional(), service: z.enum(["mobile", "dth", "bill"]).optional() }).strict();
export const DetectQuery = z.object({ phone: z.string().trim().min(1).max(32), country: Country.optional() }).strict();
export const ValidateNumberBody = z.object({ phone: z.string().trim().min(1).max(32), operator: z.string().trim().min(1).max(40).optional(), country: Country.optional() }).strict();
export const PlansQuery = z.object({ operator: z.string().trim().min(1).max(40), circle: z.string().trim().max(40).optional() }).strict();
export const BillFetchBody = z.object({ biller: z.string().trim().min(1).max(40), account: z.string().trim().min(1).max(40) }).strict();
export const ListRechargesQuery = z
  .object({
    reference: z.string().max(64).optional(),
    status: z.enum(["pending", "succeeded", "failed", "refunded", "reversed"]).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

const Money = z.string().regex(/^-?\d+\.\d{2,4}$/).describe('Decimal string in major units, e.g. "20.00"');

export const RechargeObject = z.object({
  id: z.string().describe("rch_…"),
  reference: z.string(),
  service: z.enum(["mobile", "dth", "bill"]),
  account_type: z.enum(["prepaid", "postpaid"]),
  country: z.string(),
  operator: z.string(),
  phone: z.string().nullable(),
  account: z.string().nullable(),
  biller: z.string().nullable(),
  amount: Money,
  currency: z.string(),
  commission: Money,
  status: z.enum(["pending", "succeeded", "failed", "refunded", "reversed"]),
  failure_reason: z.string().nullable(),
  operator_transaction_id: z.string().nullable(),
  balance_before: Money.nullable(),
  balance_after: Money.nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
});
export const RechargeWithTimeline = RechargeObject.extend({
  timeline: z.array(z.object({ status: z.string(), from: z.string().nullable(), note: z.string().nullable(), at: z.string() })),
});
export const RechargeList = z.object({ data: z.array(RechargeObject), next_cursor: z.string().nullable() });
export const Balance = z.object({ currency: z.string(), available: Money, held: Money });
export const MovementObject = z.object({
  id: z.string().describe("mov_…; pass the last one back as `cursor`"),
  at: z.string().describe("ISO 8601 UTC"),
  type: z.enum(MOVEMENT_TYPES),
  description: z.string(),
  amount: Money.describe("Signed: negative when money left the balance"),
  balance_after: Money,
  recharge_id: z.string().nullable(),
  reference: z.string().nullable().describe("Your reference of the recharge"),
  deposit_id: z.string().nullable(),
  journal_id: z.string(),
});
export const StatementObject = z.object({
  account_id: z.string(),
  date: z.string().describe("YYYY-MM-DD"),
  timezone: z.literal("UTC"),
  currency: z.string(),
  opening_balance: Money.describe("Available balance at 00:00 UTC"),
  closing_balance: Money.describe("Available balance at 24:00 UTC (or now, for today)"),
  totals: z.object({
    credits: Money,
    debits: Money,
    recharges: Money.describe("Recharges net of failures, refunds and reversals"),
    commission_and_cashback: Money,
    funding_and_deposits: Money,
    movements: z.number().int(),
  }),
  movements: z.array(MovementObject),
  next_cursor: z.string().nullable(),
});
export const OperatorObject = z.object({
  code: z.string(),
  name: z.string(),
  country: z.string(),
  currency: z.string(),
  services: z.array(z.string()),
  kind: z.string(),
  prefixes: z.array(z.string()),
  min_amount: Money,
  max_amount: Money,
  postpaid_max_amount: Money.nullable(),
  amount_step: Money.nullable().describe("Amounts must be a multiple of this (e.g. \"1.00\": whole taka); null: any amount within the limits."),
  denominations: z.array(Money).nullable(),
  duplicate_window_seconds: z.number().int(),
  account_label: z.string().nullable(),
});
export const Detection = z.object({
  phone: z.string(),
  e164: z.string(),
  country: z.string(),
  operator: z.string().nullable(),
  source: z.enum(["portability", "learned", "prefix"]).nullable(),
  confidence: z.number(),
  candidates: z.array(z.string()),
});
export const NumberValidation = z.object({
  valid: z.boolean(),
  rechargeable: z.boolean(),
  reason: z.string().nullable(),
  phone: z.string(),
  e164: z.string().optional(),
  country: z.string().nullable(),
  operator: z.string().nullable(),
  source: z.string().nullable().optional(),
  confidence: z.number().nullable().optional(),
});
export const PlansResponse = z.object({
  operator: z.string(),
  circle: z.string().nullable(),
  cached: z.boolean(),
  fetched_at: z.string(),
  expires_at: z.string(),
  plans: z.array(z.object({ id: z.string(), operator: z.string(), amount: Money, validity: z.string(), description: z.string(), category: z.string() })),
});
export const BillResponse = z.object({ biller: z.string(), account: z.string(), customer_name: z.string(), amount_due: Money, due_date: z.string(), bill_number: z.string() });
export const ValidationPreview = z.object({
  valid: z.literal(true),
  service: z.string(),
  country: z.string(),
  operator: z.string(),
  target: z.string(),
  amount: Money,
  currency: z.string(),
  commission: Money,
  provider_available: z.literal(true),
  balance_available: Money,
  balance_after: Money,
});
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) }),
});

const Usdt = z.string().regex(/^\d+\.\d{4}$/).describe('USDT, 4 decimals, e.g. "25.0000"');

export const DepositTransferObject = z.object({
  tx_hash: z.string(),
  log_index: z.number().int(),
  amount: Usdt,
  block_number: z.number().int(),
  confirmations: z.number().int(),
  status: z.enum(["confirming", "credited", "dropped"]),
  late: z.boolean(),
  rate: z.string().nullable().describe("USDT rate applied at confirmation"),
  credited_amount: Money.nullable(),
  seen_at: z.string(),
  credited_at: z.string().nullable(),
});
export const DepositObject = z.object({
  id: z.string().describe("dep_…"),
  reference: z.string(),
  status: z.enum(["awaiting_payment", "confirming", "credited", "expired"]),
  flags: z.array(z.enum(["underpaid", "overpaid", "late", "unsolicited"])),
  asset: z.literal("USDT"),
  network: z.literal("TRC20"),
  address: z.string().describe("TRON address (base58check, T…), fresh for this order"),
  amount: Usdt.describe("Expected amount"),
  received: Usdt.describe("Amount actually received and credited"),
  currency: z.literal("USDT"),
  credit_currency: z.string().describe("Currency of the wallet credited"),
  rate: z.string().nullable().describe("Rate quoted at creation (currency per USDT); the rate in force at confirmation is applied"),
  credited_amount: Money,
  confirmations_required: z.number().int(),
  notify_url: z.string().nullable(),
  channel: z.string(),
  resolution: z.string().nullable(),
  expires_at: z.string(),
  created_at: z.string(),
  credited_at: z.string().nullable(),
  expired_at: z.string().nullable(),
  transfers: z.array(DepositTransferObject),
});
export const DepositList = z.object({ data: z.array(DepositObject), next_cursor: z.string().nullable() });
