// Input schemas of the admin verbs, free of server-only imports so the dashboard's forms validate
// with exactly what the server checks (the server parses again; never trust the browser).
import { z } from "zod";
// Plain messages: the server installs them globally (server/lib/plain-errors); a dashboard form
// passes them per parse, `Schema.safeParse(form, PLAIN)`, which costs its page no more than the
// small, import-free server/lib/plain-messages (the 200 kB first-load budget).
export { PLAIN } from "@/server/lib/plain-messages";

export const CURRENCIES = ["BDT", "INR", "CNY", "USD", "USDT"] as const;
export const SIM_PROVIDER_NAMES = ["alpha", "bravo", "charlie"] as const;

export const Cursor = z.string().max(200).optional();
export const Limit = z.coerce.number().int().min(1).max(100).default(25);
export const Page = z.coerce.number().int().min(1).max(10_000).default(1);
const PageSize = z.coerce.number().int().min(1).max(100).default(20);

/** A required human reason for destructive actions (refunds, debits, suspension). */
export const Reason = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(500, "At most 500 characters.");
/** A decimal string ("20", "20.50") in the UI; minor units inside. */
export const Money = z.string().trim().regex(/^\d{1,15}(\.\d{1,4})?$/, "Use a plain amount like 20.00.");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);

// ── Accounts ──
export const ListAccountsInput = z.object({
  search: z.string().trim().max(100).optional(),
  type: z.enum(["merchant", "retailer"]).optional(),
  status: z.enum(["active", "suspended"]).optional(),
  cursor: Cursor,
  limit: Limit,
});
export type ListAccountsInput = z.input<typeof ListAccountsInput>;

export const SetAccountStatusInput = z.object({ accountId: z.string().min(1), status: z.enum(["active", "suspended"]), reason: Reason });
export type SetAccountStatusInput = z.input<typeof SetAccountStatusInput>;

/** server/accounts/wallet.ts AdjustWalletInput, with the reason the dashboard always requires. */
export const AdminAdjustWalletInput = z.object({
  accountId: z.string().min(1),
  amount: z.string().trim().regex(/^\d{1,15}(\.\d{1,4})?$/, "Use a positive amount like 100.00.").refine((v) => /[1-9]/.test(v), "The amount must be more than zero."),
  direction: z.enum(["credit", "debit"]),
  note: Reason,
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** The same rules as server/accounts/accounts.ts CreateAccountInput (which the server applies). */
export const CreateAccountForm = z.object({
  type: z.enum(["merchant", "retailer"]),
  name: z.string().trim().min(1, "Give the account a name.").max(120),
  email: z.string().trim().toLowerCase().email("Enter a valid email."),
  password: z.string().min(8, "Password must have at least 8 characters.").max(200),
  currency: z.enum(CURRENCIES),
  parentAccountId: z.string().trim().optional(),
  credit: z.union([z.literal(""), Money]).optional(),
});

// ── Audit ──
export const ListAuditInput = z.object({
  // An exact action ("wallet.credit") or a family ending in a dot ("wallet.").
  action: z.string().trim().max(80).optional(),
  accountId: z.string().trim().max(80).optional(),
  targetId: z.string().trim().max(80).optional(),
  cursor: Cursor,
  limit: Limit,
});
export type ListAuditInput = z.input<typeof ListAuditInput>;

// ── Recharges ──
export const RefundInput = z.object({ id: z.string().min(1), reason: Reason });
export const ResolvePendingInput = z.object({
  id: z.string().min(1),
  outcome: z.enum(["succeeded", "failed"]),
  note: Reason,
  operatorTransactionId: z.string().trim().max(100).optional(),
});

// ── Providers ──
export const UpdateProviderInput = z
  .object({
    name: z.string().min(1).max(60),
    enabled: z.boolean().optional(),
    priority: z.coerce.number().int("Priority is a whole number.").min(0, "Priority can't be negative.").max(10_000).optional(),
    weight: z.coerce.number().int("Weight is a whole number.").min(1, "Weight is at least 1.").max(1000, "Weight is at most 1000.").optional(),
    timeoutMs: z.coerce.number().int("Whole milliseconds.").min(500, "Timeout is at least 500 ms.").max(120_000, "Timeout is at most 120000 ms.").optional(),
    // After an unknown submit, how long this provider may still perform an order it says it has no
    // record of. Empty: the server default (PROVIDER_NOT_FOUND_WINDOW_SECONDS).
    notFoundWindowSeconds: z
      .preprocess(
        (v) => (v === "" || v === null ? null : typeof v === "string" ? Number(v.trim()) : v),
        z.number("Whole seconds, or empty for the default.").int("Whole seconds.").min(0, "The window can't be negative.").max(86_400, "The window is at most 86400 s (a day).").nullable(),
      )
      .optional(),
  })
  .strict();
export type UpdateProviderInput = z.input<typeof UpdateProviderInput>;

export const ListProviderCostsInput = z.object({ provider: z.string().min(1).max(60), search: z.string().trim().max(40).optional(), page: Page, pageSize: Limit });

export const SetProviderCostInput = z.object({
  provider: z.string().min(1).max(60),
  operatorCode: z.string().min(1).max(40),
  costBps: z.coerce.number().int("Cost is whole basis points.").min(0, "Cost can't be negative.").max(10_000, "Cost is at most 10000 bps (100%).").optional(),
  enabled: z.boolean().optional(),
});
export type SetProviderCostInput = z.input<typeof SetProviderCostInput>;

export const ListProviderCallsInput = z.object({
  provider: z.string().min(1).max(60),
  // "failed" matches every failed:<code>.
  outcome: z.string().max(60).optional(),
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: Limit,
});

export const SetSimulatorControlInput = z.object({
  name: z.enum(SIM_PROVIDER_NAMES),
  down: z.boolean().optional(),
  latency_ms: z.coerce.number().int("Latency is whole milliseconds.").min(0, "Latency can't be negative.").max(120_000, "Latency is at most 120000 ms.").optional(),
  fail_rate: z.coerce.number().min(0, "Fail rate is between 0 and 1.").max(1, "Fail rate is between 0 and 1.").optional(),
});
export type SetSimulatorControlInput = z.input<typeof SetSimulatorControlInput>;

// ── Catalog ──
export const ListOperatorsInput = z.object({ country: z.enum(["BD", "IN", "CN"]).optional(), search: z.string().trim().max(40).optional(), page: Page, pageSize: PageSize });

export const UpdateOperatorInput = z.object({
  code: z.string().min(1).max(40),
  enabled: z.boolean().optional(),
  minAmount: Money.optional(),
  maxAmount: Money.optional(),
  // null clears it (postpaid then shares the prepaid ceiling).
  postpaidMaxAmount: Money.nullable().optional(),
  // null: any amount within the limits; "1.00": whole units only.
  amountStep: Money.nullable().optional(),
  // null: any amount within the limits.
  denominations: z.array(Money).max(50, "At most 50 denominations.").nullable().optional(),
  duplicateWindowSeconds: z.coerce.number().int("Whole seconds.").min(0, "Can't be negative.").max(86_400, "At most 86400 seconds (a day).").optional(),
});
export type UpdateOperatorInput = z.input<typeof UpdateOperatorInput>;

export const ListSlabsInput = z.object({
  operatorCode: z.string().max(40).optional(),
  accountId: z.string().max(80).optional(),
  // "default": slabs that apply to every account.
  scope: z.enum(["all", "default", "account"]).default("all"),
  page: Page,
  pageSize: PageSize,
});

export const SlabInput = z.object({
  operatorCode: optionalText(40),
  accountId: optionalText(80),
  currency: optionalText(8).refine((c) => c === null || (CURRENCIES as readonly string[]).includes(c), "Unsupported currency."),
  minAmount: Money.default("0"),
  maxAmount: z.union([z.literal(""), Money]).nullish().transform((v) => v || null),
  rateBps: z.coerce.number().int("Rate is whole basis points.").min(0, "Rate can't be negative.").max(10_000, "Rate is at most 10000 bps (100%)."),
  flat: Money.default("0"),
});
export type SlabInput = z.input<typeof SlabInput>;
export const UpdateSlabInput = SlabInput.extend({ id: z.string().min(1) });

// ── Rewards ──
export const ListOffersInput = z.object({ state: z.enum(["all", "live", "inactive"]).default("all"), page: Page, pageSize: PageSize });

export const OfferInput = z
  .object({
    name: z.string().trim().min(1, "Give the offer a name.").max(120),
    operatorCode: optionalText(40),
    currency: z.enum(CURRENCIES, "Unsupported currency."),
    minAmount: Money.default("0"),
    rateBps: z.coerce.number().int("Rate is whole basis points.").min(1, "Rate is at least 1 bps.").max(10_000, "Rate is at most 10000 bps (100%)."),
    maxCashback: Money,
    maxPerAccount: z.coerce.number().int("A whole number.").min(1, "At least once per account.").max(1000),
    startsAt: z.coerce.date("Choose a start date."),
    endsAt: z.coerce.date("Choose an end date."),
    active: z.boolean().default(true),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "The offer must end after it starts." });
export type OfferInput = z.input<typeof OfferInput>;
export const UpdateOfferInput = z.object({ id: z.string().min(1), offer: OfferInput });

export const LevelInput = z.object({
  key: z.string().trim().min(1, "Give the level a key.").max(40).regex(/^[a-z0-9_-]+$/, "Lowercase letters, digits, - and _ only."),
  name: z.string().trim().min(1, "Give the level a name.").max(80),
  /** Points are kept in hundredths (0.10 points = 10), shown as decimals. */
  minPoints: z.string().trim().regex(/^\d{1,13}(\.\d{1,2})?$/, "Use points like 100 or 12.50."),
});
export type LevelInput = z.input<typeof LevelInput>;
export const UpdateLevelInput = LevelInput.extend({ id: z.coerce.number().int().positive() });

/** Field errors keyed by path, as the server's `details` carries them. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path.join(".") || "input"] ??= issue.message;
  return out;
}
